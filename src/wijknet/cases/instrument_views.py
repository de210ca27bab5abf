# PLACEHOLDER: being built by a helper; replaced before commit.
from django.contrib.auth.decorators import login_required

from wijknet.cases.views import case_page, render_tab


@login_required
def instruments(request, case_id: int):
    case, context = case_page(request, case_id)
    return render_tab(request, "cases/case_base.html", context)
