"""From one row per checkup to Renkei's tidy aggregate, with disclosure control.

The recipe is the SQL below, written once and run unchanged by DuckDB or Spark (`engines.py`
holds the few operations they spell differently). Steps, each a kept table:

1. `parsed`/`checked`: the records' columns by their canonical or Japanese names, as numbers;
   a row's first problem (year, group, municipality, sex, age, age outside 40–74) and each item
   value's (unreadable, implausible) — counted per reason in the report, never dropped silently.
2. `item_values`: one row per (checkup, item) measured; the item's bin by the NDB edges the
   app uses (`edges.csv`, checked against the built-in data by `tests/native/aggregate.rs`).
3. `cells`: counts per fiscal year × group × area × sex × age band × item × bin, every bin of
   every stratum present (a zero is a published zero), with the 中計 over the age bands, at each
   published level: secondary medical area (`municipality_to_secondary_area.csv`) and
   prefecture by default, municipality on request (the app sums prefectures for 全国).
4. Disclosure control: cells of fewer than `threshold` people suppressed, zeros included, as the
   ministry does (primary), then, round by
   round until nothing changes, complementary suppression in every additive relation the table
   publishes (a 中計 and its age bands; an area and the areas inside it): a relation whose
   suppressed cells could be worked out, or narrowed to `threshold` people or fewer, has its
   smallest published cell suppressed too. `attack.py` checks the result with linear
   programming.
"""

from __future__ import annotations

import csv
import os
import time
from dataclasses import dataclass, field

import pyarrow as pa

import attack

HERE = os.path.dirname(os.path.abspath(__file__))
EDGES_CSV = os.path.join(HERE, "edges.csv")
ITEMS_CSV = os.path.join(HERE, "items.csv")
MUNICIPALITIES_CSV = os.path.join(HERE, "municipality_to_secondary_area.csv")

AGE_BANDS = ["40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74"]
SUBTOTAL = "subtotal"
# From the bottom up; a published level's parent is the next published level above it. No 全国
# row: the app sums the prefectures for 全国, as NDB publishes none.
LEVELS = ["municipality", "secondary_medical_area", "prefecture"]
# What the app's area menu offers (it has no municipality menu yet): municipalities on request.
DEFAULT_LEVELS = ["secondary_medical_area", "prefecture"]
DEFAULT_THRESHOLD = 10

# Canonical column → the Japanese headers accepted for it (items add theirs from items.csv).
REQUIRED_COLUMNS = {
    "fiscal_year": ["年度"],
    "group": ["区分", "保険者種別"],
    "municipality_code": ["市町村コード"],
    "sex": ["性別"],
    "age": ["年齢"],
}
MALE = ["男", "男性", "male", "Male", "MALE", "M", "m", "1"]
FEMALE = ["女", "女性", "female", "Female", "FEMALE", "F", "f", "2"]
# A column whose every value says the records are made up (the generator writes it).
FICTIONAL_COLUMN = "fictional"

# Row problems, in the order they are looked for; a row is counted under its first.
ROW_PROBLEMS = [
    ("fiscal_year", "年度がない・読めない・1990〜2100 年度の外", "fiscal year missing, unreadable or outside FY1990–2100"),
    ("group", "区分がない", "group missing"),
    ("municipality_code", "市町村コードが対応表にない", "municipality code not in the table"),
    ("sex", "性別がない・読めない", "sex missing or unreadable"),
    ("age", "年齢がない・整数でない", "age missing or not a whole number"),
    ("age_outside_40_74", "年齢が 40〜74 歳の外", "age outside 40–74"),
]


@dataclass
class Item:
    indicator: str
    japanese_headers: list[str]
    unit: str
    value_min: float
    value_max: float


def items() -> list[Item]:
    with open(ITEMS_CSV, encoding="utf-8") as f:
        return [
            Item(
                row["indicator"],
                row["japanese_headers"].split("|"),
                row["unit"],
                float(row["value_min"]),
                float(row["value_max"]),
            )
            for row in csv.DictReader(f)
        ]


class InputError(Exception):
    """A records file the recipe cannot read; the message says which column or file."""


@dataclass
class Result:
    """What a run made: the aggregate (a pyarrow table) and the report of every row not used."""

    table: object
    report: list[tuple[str, str, int]] = field(default_factory=list)  # (what, reason, rows)
    fictional: bool = False
    rounds: int = 0  # of complementary suppression, repairs included
    audits: int = 0  # linear-programming audits of the table
    true_counts: object = None  # the table before suppression, if asked for
    audit_seconds: float = 0.0  # of which the linear programming


def column_mapping(columns: list[str], all_items: list[Item]) -> dict[str, str | None]:
    """Canonical name → the file's column (or None for an item not in the file)."""
    by_name = {c.strip(): c for c in columns}
    wanted = dict(REQUIRED_COLUMNS)
    wanted.update({item.indicator: item.japanese_headers for item in all_items})
    mapping: dict[str, str | None] = {}
    for canonical, aliases in wanted.items():
        found = [by_name[n] for n in [canonical, *aliases] if n in by_name]
        mapping[canonical] = found[0] if found else None
    missing = [c for c in REQUIRED_COLUMNS if mapping[c] is None]
    if missing:
        names = "、".join(f"{c}（{REQUIRED_COLUMNS[c][0]}）" for c in missing)
        raise InputError(f"必要な列がありません：{names} / required columns missing: {', '.join(missing)}")
    if not any(mapping[item.indicator] for item in all_items):
        raise InputError(
            "検査項目の列が 1 つもありません（sbp、収縮期血圧 など） / no item column (sbp, …)"
        )
    return mapping


def parsed_sql(mapping: dict[str, str | None], all_items: list[Item], quote) -> str:
    """The records' columns by canonical name, trimmed text and numbers."""

    def text(canonical: str) -> str:
        column = mapping.get(canonical)
        return f"trim({quote(column)})" if column else "CAST(NULL AS STRING)"

    item_columns = ",\n  ".join(
        f"{text(i.indicator)} AS {i.indicator}_text, "
        f"try_cast({text(i.indicator)} AS DOUBLE) AS {i.indicator}"
        for i in all_items
    )
    male = ", ".join(f"'{v}'" for v in MALE)
    female = ", ".join(f"'{v}'" for v in FEMALE)
    return f"""
SELECT
  try_cast({text('fiscal_year')} AS DOUBLE) AS fiscal_year_number,
  {text('group')} AS grp,
  CASE WHEN length({text('municipality_code')}) = 4 THEN concat('0', {text('municipality_code')})
       ELSE {text('municipality_code')} END AS municipality_code,
  CASE WHEN {text('sex')} IN ({male}) THEN 'male'
       WHEN {text('sex')} IN ({female}) THEN 'female' END AS sex,
  try_cast({text('age')} AS DOUBLE) AS age_number,
  {item_columns}
FROM records_raw"""


CHECKED_SQL = """
SELECT p.*, m.muni_name, m.iryoken2_code AS secondary_code, m.iryoken2_name AS secondary_name,
  m.pref_code, m.pref_name,
  CASE
    WHEN p.fiscal_year_number IS NULL OR p.fiscal_year_number <> floor(p.fiscal_year_number)
      OR p.fiscal_year_number < 1990 OR p.fiscal_year_number > 2100 THEN 'fiscal_year'
    WHEN p.grp IS NULL OR p.grp = '' THEN 'group'
    WHEN m.muni_code IS NULL THEN 'municipality_code'
    WHEN p.sex IS NULL THEN 'sex'
    WHEN p.age_number IS NULL OR p.age_number <> floor(p.age_number) THEN 'age'
    WHEN p.age_number < 40 OR p.age_number > 74 THEN 'age_outside_40_74'
  END AS row_problem
FROM parsed p LEFT JOIN municipalities m ON m.muni_code = p.municipality_code"""


def item_values_sql(all_items: list[Item]) -> str:
    """One row per (checkup, item) measured and plausible, with its age band and NDB bin."""
    selects = "\nUNION ALL\n".join(
        f"""SELECT CAST(fiscal_year_number AS INT) AS fiscal_year, grp, municipality_code,
  muni_name, secondary_code, secondary_name, pref_code, pref_name, sex,
  CAST(40 + 5 * floor((age_number - 40) / 5) AS INT) AS age_start,
  '{i.indicator}' AS indicator, {i.indicator} AS value
FROM checked
WHERE row_problem IS NULL AND {i.indicator} IS NOT NULL
  AND {i.indicator} >= {i.value_min} AND {i.indicator} <= {i.value_max}"""
        for i in all_items
    )
    return f"""
SELECT v.*, e.bin_label
FROM ({selects}) v
JOIN edges e ON e.indicator = v.indicator
  AND (e.bin_lower IS NULL OR v.value >= CAST(e.bin_lower AS DOUBLE))
  AND (e.bin_upper IS NULL OR v.value < CAST(e.bin_upper AS DOUBLE))"""


def item_problems_sql(all_items: list[Item]) -> str:
    """Item values not used, per item and reason (rows with a row problem are counted there)."""
    return "\nUNION ALL\n".join(
        f"""SELECT '{i.indicator}' AS what,
  CASE WHEN {i.indicator} IS NULL THEN 'unreadable' ELSE 'implausible' END AS reason,
  COUNT(*) AS rows
FROM checked
WHERE row_problem IS NULL AND {i.indicator}_text IS NOT NULL AND {i.indicator}_text <> ''
  AND ({i.indicator} IS NULL OR NOT ({i.indicator} >= {i.value_min} AND {i.indicator} <= {i.value_max}))
GROUP BY CASE WHEN {i.indicator} IS NULL THEN 'unreadable' ELSE 'implausible' END"""
        for i in all_items
    )


# Every bin of every age band and sex, for each (year, group, municipality) with records and
# each item measured in that year and group: a bin nobody fell in is a published zero.
MUNICIPALITY_CELLS_SQL = """
WITH areas AS (
  SELECT DISTINCT CAST(fiscal_year_number AS INT) AS fiscal_year, grp, municipality_code,
    muni_name, secondary_code, secondary_name, pref_code, pref_name
  FROM checked WHERE row_problem IS NULL),
measured AS (SELECT DISTINCT fiscal_year, grp, indicator FROM item_values),
sexes AS (SELECT 'male' AS sex UNION ALL SELECT 'female'),
ages AS ({ages}),
counts AS (
  SELECT fiscal_year, grp, municipality_code, sex, age_start, indicator, bin_label,
    COUNT(*) AS people
  FROM item_values
  GROUP BY fiscal_year, grp, municipality_code, sex, age_start, indicator, bin_label)
SELECT a.fiscal_year, a.grp, a.municipality_code, a.muni_name, a.secondary_code,
  a.secondary_name, a.pref_code, a.pref_name, s.sex, g.age_start, e.indicator, e.bin_label,
  CAST(e.bin_lower AS DOUBLE) AS bin_lower, CAST(e.bin_upper AS DOUBLE) AS bin_upper,
  CAST(coalesce(c.people, 0) AS BIGINT) AS people
FROM areas a
JOIN measured m ON m.fiscal_year = a.fiscal_year AND m.grp = a.grp
JOIN edges e ON e.indicator = m.indicator
CROSS JOIN sexes s
CROSS JOIN ages g
LEFT JOIN counts c ON c.fiscal_year = a.fiscal_year AND c.grp = a.grp
  AND c.municipality_code = a.municipality_code AND c.sex = s.sex AND c.age_start = g.age_start
  AND c.indicator = e.indicator AND c.bin_label = e.bin_label""".format(
    ages=" UNION ALL ".join(f"SELECT {40 + 5 * k} AS age_start" for k in range(7))
)


def cells_sql(levels: list[str]) -> str:
    """Every published cell, 中計 included, at each published level, with its parent's key.

    A cell's key fields are (fiscal_year, grp, area_level, area_code, sex, age_band, indicator,
    bin_label); `parent_level`/`parent_code` name the published area it is part of."""
    code_of = {
        "municipality": ("municipality_code", "muni_name"),
        "secondary_medical_area": ("secondary_code", "secondary_name"),
        "prefecture": ("pref_code", "pref_name"),
    }
    selects = []
    for level in levels:
        above = [l for l in LEVELS[LEVELS.index(level) + 1 :] if l in levels]
        parent_level = f"'{above[0]}'" if above else "CAST(NULL AS STRING)"
        parent_code = code_of[above[0]][0] if above else "CAST(NULL AS STRING)"
        code, name = code_of[level]
        group_keys = [code, name, parent_code] if above else [code, name]
        by_keys = "".join(f", {k}" for k in dict.fromkeys(group_keys))
        age_band = "concat(CAST(age_start AS STRING), '-', CAST(age_start + 4 AS STRING))"
        for age_expression, age_group in [(age_band, ", age_start"), (f"'{SUBTOTAL}'", "")]:
            selects.append(
                f"""SELECT fiscal_year, grp, '{level}' AS area_level, {code} AS area_code,
  {name} AS area_name, {parent_level} AS parent_level, {parent_code} AS parent_code, sex,
  {age_expression} AS age_band, indicator, bin_label, bin_lower, bin_upper,
  CAST(SUM(people) AS BIGINT) AS people
FROM municipality_cells
GROUP BY fiscal_year, grp, sex, indicator, bin_label, bin_lower, bin_upper{age_group}{by_keys}"""
            )
    body = "\nUNION ALL\n".join(selects)
    key = (
        "concat_ws('|', CAST(fiscal_year AS STRING), grp, area_level, area_code, sex, age_band, "
        "indicator, bin_label)"
    )
    return f"SELECT {key} AS cell_key, c.* FROM ({body}) c"


def membership_sql(levels: list[str]) -> str:
    """Each cell's place in the table's additive relations: a 中計 is the total of its row's
    age bands; a published area is the total of the published areas one level below it."""
    relation = "concat_ws('|', '{kind}', CAST(fiscal_year AS STRING), grp, {level}, {code}, sex, {age}, indicator, bin_label)"
    has_children = [l for l in levels if any(LEVELS.index(o) < LEVELS.index(l) for o in levels)]
    totals_of_areas = ", ".join(f"'{l}'" for l in has_children) or "''"
    return f"""
SELECT {relation.format(kind='age', level='area_level', code='area_code', age="''")} AS relation,
  cell_key, age_band = '{SUBTOTAL}' AS is_total FROM cells
UNION ALL
SELECT {relation.format(kind='area', level='parent_level', code='parent_code', age='age_band')},
  cell_key, false FROM cells WHERE parent_level IS NOT NULL
UNION ALL
SELECT {relation.format(kind='area', level='area_level', code='area_code', age='age_band')},
  cell_key, true FROM cells WHERE area_level IN ({totals_of_areas})"""


def initial_suppression_sql(threshold: int) -> str:
    return f"""
SELECT cell_key, people, people < {threshold} AS suppressed,
  CASE WHEN people < {threshold} THEN 'primary' END AS why
FROM cells"""


def complementary_round_sql(threshold: int) -> str:
    """The cells one round suppresses: in every relation that is weak — one suppressed member
    (it equals the total minus the rest), or suppressed parts holding `threshold` people or
    fewer together (then each lies in an interval that narrow, whatever else is known) — the
    smallest published part, else the total."""
    return f"""
WITH members AS (
  SELECT m.relation, m.is_total, s.cell_key, s.people, s.suppressed
  FROM membership m JOIN suppression s ON s.cell_key = m.cell_key),
relations AS (
  SELECT relation,
    SUM(CASE WHEN suppressed THEN 1 ELSE 0 END) AS suppressed_members,
    SUM(CASE WHEN suppressed AND NOT is_total THEN people ELSE 0 END) AS suppressed_people
  FROM members GROUP BY relation),
weak AS (
  SELECT relation FROM relations
  WHERE suppressed_members = 1
     OR (suppressed_members > 0 AND suppressed_people <= {threshold})),
candidates AS (
  SELECT m.cell_key,
    ROW_NUMBER() OVER (PARTITION BY m.relation ORDER BY m.is_total, m.people, m.cell_key) AS rank
  FROM members m JOIN weak w ON w.relation = m.relation
  WHERE NOT m.suppressed)
SELECT DISTINCT cell_key FROM candidates WHERE rank = 1"""


NEXT_SUPPRESSION_SQL = """
SELECT s.cell_key, s.people, s.suppressed OR n.cell_key IS NOT NULL AS suppressed,
  CASE WHEN s.suppressed THEN s.why WHEN n.cell_key IS NOT NULL THEN 'complementary' END AS why
FROM suppression s LEFT JOIN new_suppression n ON n.cell_key = s.cell_key"""

# The aggregate in Renkei's canonical columns (docs/data-format.md), in a fixed order so both
# engines' outputs compare row for row.
OUTPUT_SQL = """
SELECT c.fiscal_year AS year, c.area_level, c.area_code, c.area_name, c.grp AS "group", c.sex,
  c.age_band, c.indicator, c.bin_label, c.bin_lower, c.bin_upper,
  CASE WHEN s.suppressed THEN CAST(NULL AS BIGINT) ELSE c.people END AS count,
  s.suppressed
FROM cells c JOIN suppression s ON s.cell_key = c.cell_key
ORDER BY year, {level_order}, c.area_code, "group", c.sex DESC, c.indicator,
  c.age_band, c.bin_lower NULLS FIRST"""


OUTPUT_SCHEMA = pa.schema(
    [
        ("year", pa.int32()),
        *[(name, pa.string()) for name in
          ["area_level", "area_code", "area_name", "group", "sex", "age_band", "indicator", "bin_label"]],
        ("bin_lower", pa.float64()),
        ("bin_upper", pa.float64()),
        ("count", pa.int64()),
        ("suppressed", pa.bool_()),
    ]
)


def output_sql(quote, with_true_counts: bool = False) -> str:
    level_order = "CASE c.area_level " + " ".join(
        f"WHEN '{l}' THEN {k}" for k, l in enumerate(reversed(LEVELS))
    ) + " END"
    sql = OUTPUT_SQL.replace('"group"', quote("group")).format(level_order=level_order)
    if with_true_counts:
        sql = sql.replace("CASE WHEN s.suppressed THEN CAST(NULL AS BIGINT) ELSE c.people END", "c.people")
    return sql


def run(engine, records_path: str, threshold: int = DEFAULT_THRESHOLD, levels=None,
        with_true_counts: bool = False) -> Result:
    """Runs the recipe on `engine` (engines.DuckDB or engines.Spark) and returns the aggregate;
    `with_true_counts` also the counts before suppression (for the data holder's own checks:
    never to be published)."""
    levels = [l for l in LEVELS if l in (levels or DEFAULT_LEVELS)]
    if threshold < 2:
        raise InputError("秘匿の閾値は 2 以上です / the threshold must be at least 2")
    all_items = items()
    columns = engine.read_records(records_path)
    mapping = column_mapping(columns, all_items)
    engine.read_small_csv("edges", EDGES_CSV)
    engine.read_small_csv("municipalities", MUNICIPALITIES_CSV)

    fictional = False
    if FICTIONAL_COLUMN in [c.strip() for c in columns]:
        flags = engine.arrow(
            f"SELECT DISTINCT lower(trim({engine.quote(FICTIONAL_COLUMN)})) AS flag FROM records_raw"
        ).column("flag").to_pylist()
        fictional = any(flag in ("true", "1", "yes") for flag in flags)

    engine.keep("parsed", parsed_sql(mapping, all_items, engine.quote))
    engine.keep("checked", CHECKED_SQL)
    engine.keep("item_values", item_values_sql(all_items))
    engine.keep("municipality_cells", MUNICIPALITY_CELLS_SQL)
    engine.keep("cells", cells_sql(levels))
    engine.keep("membership", membership_sql(levels))
    engine.keep("suppression", initial_suppression_sql(threshold))

    rounds = settle(engine, threshold)
    audit_seconds = 0.0
    # The audit: an adversary's linear programming on the table as published; where a suppressed
    # cell is still narrowed to `threshold` people or fewer, one more cell of each subtable it is
    # in is suppressed, the rule above settles again, and the changed blocks are audited again.
    audits = 1
    dirty_blocks = None  # every block, the first time
    while True:
        published = engine.arrow(output_sql(engine.quote))
        audit_started = time.monotonic()
        found = attack.attack_table(published, 0.0, dirty_blocks, threshold)
        audit_seconds += time.monotonic() - audit_started
        narrow = sorted({attack.cell_key(i.key) for i in found if i.width <= threshold})
        if not narrow:
            break
        audits += 1
        before = suppressed_keys(engine)
        engine.register("narrow", pa.table({"cell_key": pa.array(narrow, pa.string())}))
        engine.keep("new_suppression", repair_sql(levels))
        if engine.arrow("SELECT COUNT(*) AS n FROM new_suppression").column("n")[0].as_py() == 0:
            raise RuntimeError(f"{len(narrow)} suppressed cells stay narrow with nothing left to suppress")
        engine.keep("suppression", NEXT_SUPPRESSION_SQL)
        rounds += 1 + settle(engine, threshold)
        up = attack.parents()
        dirty_blocks = {block_of_cell_key(k, up) for k in suppressed_keys(engine) - before}

    report = read_report(engine, all_items)
    # One schema whatever the engine (Spark marks some columns not null, DuckDB none).
    table = engine.arrow(output_sql(engine.quote)).cast(OUTPUT_SCHEMA)
    true_counts = (
        engine.arrow(output_sql(engine.quote, with_true_counts=True)).cast(OUTPUT_SCHEMA)
        if with_true_counts else None
    )
    return Result(table=table, report=report, fictional=fictional, rounds=rounds, audits=audits,
                  true_counts=true_counts, audit_seconds=audit_seconds)


def settle(engine, threshold: int, max_rounds: int = 100) -> int:
    """Complementary suppression round by round until no relation is weak; the rounds run."""
    rounds = 0
    while True:
        engine.keep("new_suppression", complementary_round_sql(threshold))
        added = engine.arrow("SELECT COUNT(*) AS n FROM new_suppression").column("n")[0].as_py()
        if added == 0:
            return rounds
        rounds += 1
        if rounds > max_rounds:
            raise RuntimeError(f"complementary suppression did not settle in {max_rounds} rounds")
        engine.keep("suppression", NEXT_SUPPRESSION_SQL)


def suppressed_keys(engine) -> set[str]:
    return set(engine.arrow("SELECT cell_key FROM suppression WHERE suppressed").column("cell_key").to_pylist())


def block_of_cell_key(key: str, up) -> tuple:
    year, group, level, code, sex, age, indicator, bin_label = key.split("|")
    return attack.block_of(((level, code, ""), (int(year), group, sex, indicator, bin_label), age), up)


def repair_sql(levels: list[str]) -> str:
    """For each narrow cell (table `narrow`), the smallest published cell of each subtable it is
    in: its own row of age bands, the areas inside it with it (if it has any published), and the
    areas beside it with their parent."""
    has_children = [l for l in levels if any(LEVELS.index(o) < LEVELS.index(l) for o in levels)]
    parents_of = ", ".join(f"'{l}'" for l in has_children) or "''"
    same_stratum = """c.fiscal_year = t.fiscal_year AND c.grp = t.grp AND c.sex = t.sex
      AND c.indicator = t.indicator AND c.bin_label = t.bin_label"""
    return f"""
WITH narrow_cells AS (SELECT c.* FROM cells c JOIN narrow n ON n.cell_key = c.cell_key),
tables AS (
  SELECT DISTINCT 'row' AS kind, fiscal_year, grp, sex, indicator, bin_label, area_level AS level,
    area_code AS code FROM narrow_cells
  UNION ALL
  SELECT DISTINCT 'area', fiscal_year, grp, sex, indicator, bin_label, parent_level, parent_code
  FROM narrow_cells WHERE parent_level IS NOT NULL
  UNION ALL
  SELECT DISTINCT 'area', fiscal_year, grp, sex, indicator, bin_label, area_level, area_code
  FROM narrow_cells WHERE area_level IN ({parents_of})),
members AS (
  SELECT t.kind, t.fiscal_year, t.grp, t.sex, t.indicator, t.bin_label, t.level, t.code,
    s.cell_key, s.people
  FROM tables t
  JOIN cells c ON {same_stratum}
    AND ((c.area_level = t.level AND c.area_code = t.code)
      OR (t.kind = 'area' AND c.parent_level = t.level AND c.parent_code = t.code))
  JOIN suppression s ON s.cell_key = c.cell_key
  WHERE NOT s.suppressed),
ranked AS (
  SELECT cell_key, ROW_NUMBER() OVER (
    PARTITION BY kind, fiscal_year, grp, sex, indicator, bin_label, level, code
    ORDER BY people, cell_key) AS rank
  FROM members)
SELECT DISTINCT cell_key FROM ranked WHERE rank = 1"""


def read_report(engine, all_items: list[Item]) -> list[tuple[str, str, int]]:
    """(what, reason, rows): rows read and used, each row problem, each item value not used,
    and the cells suppressed by why."""
    rows = engine.arrow(
        "SELECT coalesce(row_problem, 'used') AS reason, COUNT(*) AS n FROM checked GROUP BY row_problem"
    ).to_pylist()
    by_reason = {r["reason"]: r["n"] for r in rows}
    report = [("rows", "read", sum(by_reason.values())), ("rows", "used", by_reason.get("used", 0))]
    report += [("rows", reason, by_reason.get(reason, 0)) for reason, _, _ in ROW_PROBLEMS]
    for r in engine.arrow(item_problems_sql(all_items)).to_pylist():
        report.append((r["what"], r["reason"], r["rows"]))
    for r in engine.arrow(
        "SELECT coalesce(why, 'published') AS why, COUNT(*) AS n FROM suppression GROUP BY why ORDER BY why"
    ).to_pylist():
        report.append(("cells", r["why"], r["n"]))
    return report
