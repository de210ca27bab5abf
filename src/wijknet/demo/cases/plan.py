"""The plan (*Plan van Aanpak*): which rings of the support ladder each
goal's steps use and the reasons written for the inner ones, the versions
(a draft from the goals, set, and a new draft after every evaluation), and
the reminder a week before each evaluation date."""

from datetime import datetime, timedelta
from datetime import time as clock

from wijknet.cases import phases
from wijknet.cases.models import CaseEvent, Conversation, PlanGoal, PlanVersion
from wijknet.cases.tasks import REMIND_DAYS
from wijknet.core import ladder
from wijknet.core.ladder import REASON_FIELDS
from wijknet.demo.cases.saving import STEP_COLUMNS
from wijknet.demo.cases.themes import Theme

SHARE_INDIVIDUAL = 0.35  # goals that need an individual provision

# Texts for the plan header.
AIDS = ["", "", "rollator", "medicijnrol", "weekplanner op de koelkast", "alarmknop"]
PROVIDERS = [
    "Stichting Welzijn Wijkerveen (maatje, koffieochtend)",
    "Thuiszorg De Linde",
    "Vrijwilligerscentrale Wijkerveen",
    "GGZ Rivierland (inloop)",
]
FUNDING = [
    "Algemene voorzieningen: gratis. Maatwerk via de Wmo, eigen bijdrage "
    "volgens het abonnementstarief.",
    "Eigen netwerk en vrijwilligers: geen kosten.",
    "Regiotaxi: eigen bijdrage per rit. Overig zonder kosten.",
]


class Plans:
    """Mixed into ``trajectory.Builder`` (see ``timeline.Timeline``)."""

    def _design(self, theme: Theme, first: bool, showcase: str) -> tuple[list[str], dict]:
        """The ladder levels a goal's steps use, and the reasons written down
        for the inner rings: all four whenever a step is individual."""
        rng = self.rng
        inner = list(ladder.INNER)
        if first and showcase == "plan":
            levels = list(ladder.LEVELS)
        elif (first and showcase in ("application", "resident")) or rng.random() < SHARE_INDIVIDUAL:
            levels = [*_in_order(rng.sample(inner, rng.randint(1, 3))), ladder.INDIVIDUAL]
        else:
            levels = _in_order(rng.sample(inner, rng.randint(1, 3)))
        if ladder.INDIVIDUAL in levels:
            reasons = dict(theme.reasons)
        else:
            reasons = {
                level: theme.reasons[level]
                for level in inner
                if level not in levels and rng.random() < 0.3
            }
        return levels, reasons

    def _plan(self, work) -> None:
        """The plan's design per goal, its versions and what follows from
        them: applications once set, an evaluation and a new draft every
        round, the reminders."""
        rng, world, sketch = self.rng, self.world, work.sketch
        out, case, worker, marks = work.out, work.case, work.worker, sketch.marks
        day, at, fill, event = work.day, work.at, work.fill, work.event
        designs = []
        for index, (theme, goal) in enumerate(zip(work.themes, work.goals, strict=True)):
            levels, reasons = self._design(theme, index == 0, sketch.showcase)
            reasons = {level: fill(text) for level, text in reasons.items()}
            # The ladder rule every plan keeps, checked as the plan page checks it.
            ladder.check_goal(levels, reasons)
            steps = []
            for level in levels:
                column, text = theme.steps[level]
                service = None
                if level in (ladder.GENERAL, ladder.COLLECTIVE) and rng.random() < 0.5:
                    service = rng.choice(world.services.get((level, theme.life_domain), [None]))
                done = marks["set"] + rng.randint(14, 150) if rng.random() < 0.45 else None
                if level == ladder.INDIVIDUAL:
                    done = None
                steps.append((level, column, fill(text), service, done))
            designs.append((theme, goal, reasons, steps))
        author = worker if rng.random() < 0.85 else self._coordinator(case.team_id, day(0))
        header = {
            "aids": rng.choice(AIDS),
            "providers": ", ".join(rng.sample(PROVIDERS, rng.randint(1, 2))),
            "funding": rng.choice(FUNDING),
        }

        # Versions: v1 from the goals, a new draft after every evaluation.
        evaluations = sketch.evaluations
        versions: list[tuple[PlanVersion, int, int]] = []  # version, created, ends

        def version(number, created, evaluation_on):
            plan = PlanVersion(
                case=case,
                number=number,
                status=PlanVersion.Status.DRAFT,
                drawn_up_on=day(created),
                evaluation_on=evaluation_on,
                revision=rng.randint(1, 6),
                created_by_id=author,
                created_at=at(created),
                **header,
            )
            versions.append((plan, created, sketch.days))
            out.versions.append(plan)
            event(
                plan.created_at,
                author,
                CaseEvent.Kind.PLAN,
                note="nieuwe versie" if number == 1 else "evaluatie",
                after=f"v{number}",
            )
            return plan

        def set_plan(plan, offset):
            plan.status = PlanVersion.Status.SET
            plan.set_at = at(offset)
            plan.revision += rng.randint(2, 8)
            event(
                plan.set_at,
                author,
                CaseEvent.Kind.PLAN,
                note="vastgesteld",
                after=f"v{plan.number}",
            )

        current = version(1, marks["plan"], day(evaluations[0].due))
        work.step(current.created_at, phases.DRAFTING)
        if sketch.happened(marks["set"]):
            set_plan(current, marks["set"])
            work.phase(current.set_at, 4)
            work.step(current.set_at, phases.CARRYING_OUT)
            # Applications follow from the set plan (applications.draft_from_plan);
            # sending one would reach step 5, but the case is at 6 already.
            self._applications(work, designs, current, author)
        for k, evaluation in enumerate(evaluations):
            if current.status != PlanVersion.Status.SET or not sketch.happened(evaluation.held):
                break
            following = evaluations[k + 1].due if k + 1 < len(evaluations) else evaluation.held + 90
            evaluated = current
            versions[-1] = (evaluated, versions[-1][1], evaluation.held)
            current = version(evaluated.number + 1, evaluation.held, day(following))
            self._evaluate(work, evaluated, current, evaluation, first=k == 0)
            if sketch.happened(evaluation.next_set):
                evaluated.status = PlanVersion.Status.SUPERSEDED
                set_plan(current, evaluation.next_set)
        if sketch.showcase == "resident":  # a new report, waiting for the resident
            offset = sketch.days - 4
            talk = self._talk(
                work,
                day(offset),
                at(offset),
                Conversation.Place.HOME,
                fill(
                    "Huisbezoek: hoe gaat het met het plan? {naam} wil de afspraken over "
                    "het maatje aanpassen."
                ),
                [sketch.household.head],
            )
            self._report(
                work,
                talk,
                fill("{naam} wil het maatje op een andere dag."),
                "Het maatje komt voortaan op donderdag; de rest van het plan blijft.",
                at(offset + 1),
                None,
            )

        # Goals and steps in every version; the reasons travel with the copy.
        for plan, _created, ends in versions:
            for _theme, goal, reasons, steps in designs:
                plan_goal = PlanGoal(
                    version=plan,
                    goal=goal,
                    **{field: reasons.get(level, "") for level, field in REASON_FIELDS.items()},
                )
                if plan.status != PlanVersion.Status.DRAFT:
                    # A set version keeps the goal's wording (services.set_plan).
                    plan_goal.take_snapshot()
                out.plan_goals.append(plan_goal)
                for order, (level, column, text, service, done) in enumerate(steps, start=1):
                    columns = [text if name == column else "" for name in STEP_COLUMNS]
                    out.steps.append(
                        (
                            plan_goal,
                            order,
                            level,
                            *columns,
                            service,
                            day(done) if done is not None and done <= ends else None,
                        )
                    )
            self._reminder(work, plan)

    def _reminder(self, work, plan: PlanVersion) -> None:
        """What the reminder sweep (``cases.tasks``) did: ``REMIND_DAYS`` before
        the evaluation date, once."""
        sketch = work.sketch
        if plan.status == PlanVersion.Status.DRAFT or plan.evaluation_on is None:
            return
        if sketch.showcase == "due" and plan.status == PlanVersion.Status.SET:
            return  # left for the sweep
        set_on = plan.set_at.astimezone(self.tz).date()
        on = max(plan.evaluation_on - timedelta(days=REMIND_DAYS), set_on)
        last = sketch.closed.date() if sketch.closed else self.today - timedelta(days=1)
        if on > last:
            return
        moment = datetime.combine(on, clock(7, 0), tzinfo=self.tz)
        plan.reminded_at = max(moment, plan.set_at + timedelta(minutes=5))
        work.event(
            plan.reminded_at,
            None,
            CaseEvent.Kind.REMINDER,
            note=f"evaluatie op {plan.evaluation_on:%d-%m-%Y}",
            after=f"v{plan.number}",
        )


def _in_order(levels) -> list[str]:
    return sorted(levels, key=ladder.LEVELS.index)
