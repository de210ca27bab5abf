"""The pages of cases, one module per part of the trajectory:

- ``common``: what every tab of the case page shares (``case_page``,
  ``context_of``, ``render_tab``);
- ``trajectory``: lists, opening a case, the overview with the actions on
  the case, the logbook;
- ``conversation``: conversations, reports and agreements;
- ``instruments``: the matrix, profile, quality grid and options worksheet;
- ``plan``: goals and the plan, one small view per change to it;
- ``applications``: applications, decisions and objections;
- ``documents``: the PDF documents;
- ``evaluation``: evaluations of the set plan;
- ``portal``: the resident's own plan.

``cases/urls.py`` routes to them; every view checks access itself."""
