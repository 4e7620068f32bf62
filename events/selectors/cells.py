"""A dense area's agenda from the grid cells of the area (see Event.cell and the (cell, start) index)."""

import functools
import math
from typing import NamedTuple

from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from structures.compiled import preparing_cursor
from structures.geo import bounding_box, distance_km

from ..models import CELLS_PER_DEGREE


def _cell_distances(latitude: float, longitude: float, row: int, column: int) -> tuple[float, float]:
    """The smallest and the largest distance (km) from the point to a grid cell (see Event.cell)."""
    south, west = row / CELLS_PER_DEGREE, column / CELLS_PER_DEGREE
    north, east = south + 1 / CELLS_PER_DEGREE, west + 1 / CELLS_PER_DEGREE
    closest = (min(max(latitude, south), north), min(max(longitude, west), east))
    corners = [(lat, lon) for lat in (south, north) for lon in (west, east)]
    return (
        distance_km(latitude, longitude, *closest),
        max(distance_km(latitude, longitude, *corner) for corner in corners),
    )


def cell_part(
    events: QuerySet, latitude: float, longitude: float, radius_km: float, *, kind: str
) -> QuerySet:
    """The (id, start, title) of `events` (the period's, in agenda order) within `radius_km` of the point
    in the cell of the lateral join below (`"grid"."cell"`); for an "edge" cell, only those beginning by
    the bound that the inner cells set (`by_cells`). A "probe" reads the ids of a cell wholly inside the
    circle in index order: no distance to compute, nothing to sort."""
    cell = RawSQL('"grid"."cell"', (), output_field=IntegerField())
    if kind == "probe":
        return events.filter(cell=cell).order_by().values_list("pk")
    part = events.with_distance(latitude, longitude).filter(distance_km__lte=radius_km, cell=cell)
    if kind == "edge":
        part = part.filter(start__lte=RawSQL("(SELECT bound FROM bound)", ()))
    return part.order_by("start", "title", "pk").values_list("pk", "start", "title")


def _per_cell(part_sql, cells: list[int], *, kind: str, limit: int) -> tuple[str, list]:
    """The first `limit` rows of the cell part in each cell, and its parameters: one subquery repeated
    for each cell by a lateral join (a dense area has 20 to 40 cells; PostgreSQL plans the subquery once,
    where a UNION ALL of one per cell took it 1.5 ms to plan)."""
    sql, params = part_sql(kind=kind, limit=limit)
    return (
        f"SELECT rows.* FROM unnest(%s::integer[]) AS grid(cell) CROSS JOIN LATERAL ({sql}) AS rows",  # noqa: S608 (SQL built by the ORM)
        [cells, *params],
    )


@functools.lru_cache(maxsize=1024)
def _area_cells(latitude: float, longitude: float, radius_km: float) -> tuple[tuple[int, ...], ...]:
    """The grid cells of the circle: inner ones (wholly inside, and the point's own), those it crosses
    (edge), and those wholly inside it; remembered per point and radius (a hundred distances each)."""
    south, north, west, east = bounding_box(latitude, longitude, radius_km)
    own = (math.floor(latitude * CELLS_PER_DEGREE), math.floor(longitude * CELLS_PER_DEGREE))
    inner, edge, inside = [], [], []
    for row in range(math.floor(south * CELLS_PER_DEGREE), math.floor(north * CELLS_PER_DEGREE) + 1):
        for column in range(math.floor(west * CELLS_PER_DEGREE), math.floor(east * CELLS_PER_DEGREE) + 1):
            nearest, farthest = _cell_distances(latitude, longitude, row, column)
            if nearest > radius_km + 1:  # 1 km: the clamped point is the nearest only nearly
                continue  # a corner of the bounding box, outside the circle
            cell = row * 100_000 + column
            (inner if farthest <= radius_km or (row, column) == own else edge).append(cell)
            if farthest <= radius_km:
                inside.append(cell)
    return tuple(inner), tuple(edge), tuple(inside)


class CellsPage(NamedTuple):
    running: list[int] | None  # the running events' ids, when asked for
    probed: int | None  # the probe's count, when asked for
    ids: list[int]  # the ids of the events beginning in the period that the page shows


def by_cells(
    part_sql,
    point: tuple[float, float],
    radius_km: float,
    offset: int,
    limit: int,
    *,
    probe: int | None = None,
    running: tuple[str, list] | None = None,
) -> CellsPage:
    """Ids of the events `offset` to `offset + limit` of the period within `radius_km` of `point`, in
    agenda order, merged from each grid cell of the area (see Event.cell): each cell's part stops after
    `offset + limit` rows of the (cell, start) index. `part_sql(kind=, limit=)` gives the SQL and
    parameters of the first `limit` rows of `cell_part` (compiled once per shape of criteria).

    A cell on the edge of the circle may hold thousands of events and none inside it: its walk would
    read them all. So the cells inside the circle (and the point's own) are merged first; once they give
    `offset + limit` events, the last start date bounds the walks of the edge cells (one query).

    With `probe`, the same query first counts the events of the cells wholly inside the circle up to
    `probe`, a few index pages: fewer means the area may not be dense, and then it reads no cell and
    returns no ids. With `running` (the SQL and parameters of the running events' ids, in agenda order),
    the same query reads them too, and `offset` and `limit` are those of the page, whose first events are
    the running ones: one round trip less."""
    latitude, longitude = point
    wanted = offset + limit
    inner, edge, inside = (list(cells) for cells in _area_cells(latitude, longitude, radius_km))
    inner_sql, inner_params = _per_cell(part_sql, inner, kind="inner", limit=wanted)
    edge_sql, edge_params = _per_cell(part_sql, edge, kind="edge", limit=wanted) if edge else ("", [])
    probe_sql, probe_params, gate = "SELECT NULL::bigint AS n", [], ""
    if probe:
        # The lateral walks stop at `probe` rows in all; the gate (a one-time filter for PostgreSQL)
        # leaves every cell unread when they are fewer.
        cells_sql, cells_params = _per_cell(part_sql, inside, kind="probe", limit=probe)
        probe_sql = f"SELECT count(*) AS n FROM ({cells_sql} LIMIT %s) AS probe"  # noqa: S608 (the ORM's)
        probe_params = [*cells_params, probe]
        gate = f"WHERE (SELECT n FROM probe) >= {int(probe)}"  # noqa: S608 (an int)
    edge_part = f"SELECT * FROM ({edge_sql}) AS cells {gate}" if edge else "SELECT * FROM inner_cells LIMIT 0"  # noqa: S608
    running_sql, running_params, skipped = "SELECT NULL::bigint AS pk LIMIT 0", [], "0"
    if running:
        running_sql, running_params = running
        skipped = "(SELECT count(*) FROM running)"  # the page's first events are the running ones
    # The bound holds only when the inner cells give `wanted` events; else the edge walks are unbounded.
    query = f"""
        WITH running AS MATERIALIZED ({running_sql}),
        probe AS ({probe_sql}),
        inner_cells AS (SELECT * FROM ({inner_sql}) AS cells {gate} ORDER BY 2, 3, 1 LIMIT %s),
        bound AS (
            SELECT CASE WHEN count(*) >= %s THEN max(start) ELSE 'infinity' END AS bound FROM inner_cells
        ),
        edge_cells AS ({edge_part})
        SELECT ARRAY(SELECT pk FROM running), (SELECT n FROM probe), ARRAY(
            SELECT pk FROM (SELECT * FROM inner_cells UNION ALL SELECT * FROM edge_cells) AS cells
            ORDER BY start, title, pk
            LIMIT greatest(0, %s - greatest(0, least({skipped} - %s, %s))) OFFSET greatest(0, %s - {skipped})
        )
    """  # noqa: S608 (SQL built by the ORM)
    params = [*running_params, *probe_params, *inner_params, wanted, wanted, *edge_params]
    # Prepared: planning it took PostgreSQL as long as running it (2 ms). Its generic plan (planned once
    # for any values) walks the (cell, start) index as the plans made for given values do, the public
    # condition that the index carries being written in the SQL (EventQuerySet.public).
    with preparing_cursor(connection) as cursor:
        cursor.execute(query, [*params, limit, offset, limit, offset])
        running_ids, probed, ids = cursor.fetchone()
    return CellsPage(running_ids if running else None, probed, ids)
