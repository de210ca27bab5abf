"""The bench's tables: p50, p95 and queries per scenario at both scales
side by side, with the l/s ratios and a verdict against each target.
Figures only go in; nothing here measures."""

from wijknet.bench.scenarios import (
    CASE_SCENARIOS,
    CASE_TARGET_P95_MS,
    CASE_TARGET_RATIO,
    MAP_QUERIES,
    MAP_SCENARIOS,
    MAP_TARGET_P95_MS,
    MAP_TARGET_RATIO,
    QUEUE_TARGET_P95_MS,
    SCENARIOS,
    SUPPORT_SCENARIOS,
    SUPPORT_TARGET_P95_MS,
)

MAP_LABELS = {
    "map_search": "public page",
    "map_selector": "search_services",
    "map_naive": "naive icontains",
}


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank, the
    lower one): the p95 of the page table and of the load test alike."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _row(label: str, small: dict, large: dict, width: int = 16) -> str:
    return (
        f"{label:<{width}} {small['p50']:>7.1f}ms {small['p95']:>7.1f}ms {small['queries']:>5} "
        f"{large['p50']:>7.1f}ms {large['p95']:>7.1f}ms {large['queries']:>5} "
        f"{large['p50'] / small['p50']:>8.2f} {large['p95'] / small['p95']:>8.2f}"
    )


def _header(small: str, large: str, width: int = 16, first: str = "scenario") -> list[str]:
    header = (
        f"{first:<{width}} {small + ' p50':>9} {small + ' p95':>9} {small + ' q':>5} "
        f"{large + ' p50':>9} {large + ' p95':>9} {large + ' q':>5} {'l/s p50':>8} {'l/s p95':>8}"
    )
    return [header, "-" * len(header)]


def format_table(figures: dict[str, dict], small: str, large: str) -> str:
    lines = _header(small, large)
    for scenario in SCENARIOS:
        lines.append(_row(scenario, figures[small][scenario], figures[large][scenario]))
    lines.append(
        f"persons: {small}={figures[small]['persons']:,}  {large}={figures[large]['persons']:,}; "
        f"signals: {small}={figures[small].get('signals', 0):,}  "
        f"{large}={figures[large].get('signals', 0):,}; "
        f"map entries: {small}={figures[small].get('services', 0):,}  "
        f"{large}={figures[large].get('services', 0):,}"
    )
    via = figures[large].get("map_search_via", "page")
    lines.append(
        "times per request through Django's test client, SQLite, one process; "
        "signal_queue as meldpunt, map_search anonymous"
        + ("" if via == "page" else " (search_services: the page is not routed yet)")
        + ", the rest as professional"
    )
    queue_p95 = figures[large]["signal_queue"]["p95"]
    verdict = "met" if queue_p95 <= QUEUE_TARGET_P95_MS else "NOT met"
    lines.append(
        f"signal_queue p95 at {large}: {queue_p95:.1f} ms "
        f"(target <= {QUEUE_TARGET_P95_MS} ms: {verdict})"
    )
    lines.append(
        f"cases: {small}={figures[small].get('cases', 0):,}  "
        f"{large}={figures[large].get('cases', 0):,}; submitted applications: "
        f"{small}={figures[small].get('submitted', 0):,}  "
        f"{large}={figures[large].get('submitted', 0):,}; case_page and case_plan rotate over "
        f"{figures[large].get('case_pages', 0)} cases professional may see, "
        "assessor_queue as consulent"
    )
    for scenario in CASE_SCENARIOS:
        p95 = figures[large][scenario]["p95"]
        ratio = p95 / figures[small][scenario]["p95"]
        p95_verdict = "met" if p95 <= CASE_TARGET_P95_MS else "NOT met"
        ratio_verdict = "met" if ratio <= CASE_TARGET_RATIO else "NOT met"
        lines.append(
            f"{scenario} p95 at {large}: {p95:.1f} ms (target <= {CASE_TARGET_P95_MS} ms: "
            f"{p95_verdict}); l/s p95 {ratio:.2f} (target <= {CASE_TARGET_RATIO}: "
            f"{ratio_verdict})"
        )
    lines.append(
        f"volunteer pool (active, VOG): {small}={figures[small].get('volunteer_pool', 0):,}  "
        f"{large}={figures[large].get('volunteer_pool', 0):,}; volunteer_match is "
        "ranking.candidates and request_page /hulpvragen/<id>/ over "
        f"{figures[large].get('matching_requests', 0)} open requests without a live match; "
        "network_page /personen/<id>/netwerk/"
    )
    lines.extend(_support_verdicts(figures, small, large))
    return "\n".join(lines)


def _support_verdicts(figures: dict[str, dict], small: str, large: str) -> list[str]:
    lines = []
    for scenario in SUPPORT_SCENARIOS:
        p95 = figures[large][scenario]["p95"]
        ratio = p95 / figures[small][scenario]["p95"]
        target = SUPPORT_TARGET_P95_MS[scenario]
        verdict = "met" if p95 <= target else "NOT met"
        lines.append(
            f"{scenario} p95 at {large}: {p95:.1f} ms (target <= {target} ms: {verdict}); "
            f"l/s p95 {ratio:.2f}"
        )
    return lines


def format_map_table(figures: dict[str, dict], small: str, large: str, version: str) -> str:
    width = 31
    lines = [
        f"social map search on PostgreSQL {version}: {len(MAP_QUERIES)} searches in rotation "
        "(words, filters, near a postcode), anonymous",
        *_header(small, large, width, "search"),
    ]
    for scenario in MAP_SCENARIOS:
        label = f"{scenario} ({MAP_LABELS[scenario]})"
        lines.append(_row(label, figures[small][scenario], figures[large][scenario], width))
    lines.append(
        f"map entries (published): {small}={figures[small]['services']:,}  "
        f"{large}={figures[large]['services']:,}"
    )
    if figures[large].get("map_search_via") != "page":
        lines.append("map_search timed search_services: the public page is not routed yet")
    page, naive = figures[large]["map_search"], figures[large]["map_naive"]
    ratio = page["p95"] / figures[small]["map_search"]["p95"]
    naive_ratio = naive["p95"] / figures[small]["map_naive"]["p95"]
    p95_verdict = "met" if page["p95"] <= MAP_TARGET_P95_MS else "NOT met"
    ratio_verdict = "met" if ratio <= MAP_TARGET_RATIO else "NOT met"
    lines.append(
        f"map_search p95 at {large}: {page['p95']:.1f} ms "
        f"(target <= {MAP_TARGET_P95_MS} ms: {p95_verdict}); "
        f"l/s p95 {ratio:.2f} (target <= {MAP_TARGET_RATIO}: {ratio_verdict})"
    )
    selector = figures[large]["map_selector"]
    lines.append(
        f"baseline: naive icontains l/s p95 {naive_ratio:.2f}; at {large} the naive search "
        f"takes {naive['p95'] / selector['p95']:.2f}x the p95 of search_services"
    )
    lines.append("")
    lines.append(
        f"support system on PostgreSQL {version}: the candidate list, the request page and "
        "the network page, as professional"
    )
    lines.extend(_header(small, large))
    for scenario in SUPPORT_SCENARIOS:
        lines.append(_row(scenario, figures[small][scenario], figures[large][scenario]))
    lines.append(
        f"volunteer pool (active, VOG): {small}={figures[small].get('volunteer_pool', 0):,}  "
        f"{large}={figures[large].get('volunteer_pool', 0):,}"
    )
    lines.extend(_support_verdicts(figures, small, large))
    return "\n".join(lines)
