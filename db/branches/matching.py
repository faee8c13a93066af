"""The best assignment of mentees to mentors with limited room: a small min-cost flow, no database.

A greedy pass (best-scoring pair first) can give a Swedish-speaking mentee a Finnish-speaking mentor only because
it had already spent the one Swedish-speaking mentor on a branch that could have had another; the district is
small (a few dozen branches), so the exact answer costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class _Graph:
    """A flow network in edge arrays; edge ``e`` and its residual twin ``e ^ 1`` are stored side by side."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.head: list[int] = []
        self.to: list[int] = []
        self.capacity: list[int] = []
        self.cost: list[int] = []

    def add_edge(self, source: int, target: int, capacity: int, cost: int) -> int:
        index = len(self.to)
        self.head += [source, target]
        self.to += [target, source]
        self.capacity += [capacity, 0]
        self.cost += [cost, -cost]
        return index

    def cheapest_path(self, source: int, sink: int) -> list[int] | None:
        """Return the edges of a cheapest path with room left (Bellman–Ford: residual costs can be negative)."""
        unreached = float("inf")
        distance: list[float] = [unreached] * self.size
        via: list[int] = [-1] * self.size
        distance[source] = 0
        for _round in range(self.size - 1):
            changed = False
            for edge, start in enumerate(self.head):
                if self.capacity[edge] > 0 and distance[start] + self.cost[edge] < distance[self.to[edge]]:
                    distance[self.to[edge]] = distance[start] + self.cost[edge]
                    via[self.to[edge]] = edge
                    changed = True
            if not changed:
                break
        if distance[sink] == unreached:
            return None
        path: list[int] = []
        node = sink
        while node != source:
            edge = via[node]
            path.append(edge)
            node = self.head[edge]
        return path


def best_assignment(
    mentee_count: int, mentor_room: Sequence[int], score: Callable[[int, int], int]
) -> list[tuple[int, int]]:
    """Assign mentees to mentors: as many mentees as there is room for, then the highest total score.

    Args:
        mentee_count: mentees are numbered 0 … mentee_count - 1.
        mentor_room: how many more mentees each mentor (by index) can take.
        score: the worth of pairing mentee ``i`` with mentor ``j`` (higher is better, never negative).

    Returns:
        (mentee index, mentor index) pairs, by mentee. Equal inputs give equal answers: ties are broken by the
        order of the inputs.
    """
    mentors = len(mentor_room)
    source, sink = 0, mentee_count + mentors + 1
    graph = _Graph(mentee_count + mentors + 2)
    pair_edges: dict[int, tuple[int, int]] = {}
    for mentee in range(mentee_count):
        graph.add_edge(source, 1 + mentee, 1, 0)
        for mentor in range(mentors):
            if mentor_room[mentor] > 0:
                edge = graph.add_edge(1 + mentee, 1 + mentee_count + mentor, 1, -score(mentee, mentor))
                pair_edges[edge] = (mentee, mentor)
    for mentor, room in enumerate(mentor_room):
        if room > 0:
            graph.add_edge(1 + mentee_count + mentor, sink, room, 0)
    # Successive cheapest paths: each one adds a mentee, and the flow stays the cheapest for its size, so the
    # last one is the best among the assignments of the largest size.
    while (path := graph.cheapest_path(source, sink)) is not None:
        for edge in path:
            graph.capacity[edge] -= 1
            graph.capacity[edge ^ 1] += 1
    return sorted(pair for edge, pair in pair_edges.items() if graph.capacity[edge] == 0)
