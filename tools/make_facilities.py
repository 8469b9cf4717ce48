#!/usr/bin/env python3
"""Generate data/facilities.geojson: the article's facilities at ILLUSTRATIVE positions.

The 2024-10-01 article (assets/article.txt, the same text as shared/seed/article.txt) names
16 school guard posts (护学岗), 10 fruit-vendor diversion areas (瓜果疏导区), 10 temporary
convenience sales points (临时便民销售点), 1 urban-management service station (城管服务站),
the Xuheng Cultural Square night market (许衡文化广场“夜经济”) and four public works
(排水管网修复工程, 新园路路灯, 涟深河沉淀池, 福多多小区供水). It gives no addresses, and
no citable coordinates exist for any of them.

So every position written here is ILLUSTRATIVE: a plausible placeholder chosen by this
script (seeded, fully reproducible) inside the urban south of Zhongzhan District, at least
150 m inside the district boundary (assets/geodata/jiaozuo_districts_echarts_wgs84.geojson,
adcode 410803), with minimum spacings between facilities. Every feature says so in
"position_precision" ("illustrative") and "position_method". Replace positions with surveyed
ones when the bureau provides them, and set position_precision accordingly.

Every text is checked: source_quote and article_mention must occur verbatim in the article,
all strings must be encodable in GB2312 (the app's font is a GB2312 subset), and the counts,
spacings, sizes, ring orientation and point-in-polygon placement of the output are asserted.

Output: RFC 7946 FeatureCollection (WGS84 [lon, lat], 6 decimals, no "crs"), 2-space
indent, UTF-8, features in the app's legend order.

Usage: python3 tools/make_facilities.py   (standard library only; rewrites data/facilities.geojson)
"""

import json
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "assets/article.txt").read_text(encoding="utf-8")
DISTRICTS = json.loads(
    (ROOT / "assets/geodata/jiaozuo_districts_echarts_wgs84.geojson").read_text(encoding="utf-8")
)
OUT = ROOT / "data/facilities.geojson"

RNG = random.Random(20241001)

# Urban south of the district, where residents, schools and streets are (the north is mountains).
URBAN_BBOX = (113.140, 35.222, 113.190, 35.252)  # (west, south, east, north)
# Western fringe of the urban area, toward the fields, for the sedimentation pond.
POND_BBOX = (113.135, 35.225, 113.150, 35.250)
# Around the district-centre reference point (itself only a conventional value).
STATION_BBOX = (113.170, 35.232, 113.180, 35.240)
PLAZA_REF = (113.166434, 35.236586)  # 好爱家生活广场, a real shopping plaza; NOT Xuheng Square

BOUNDARY_MARGIN_M = 150.0
SCHOOL_SPACING_M = 320.0  # between school posts (brief: at least ~300 m)
SALES_SPACING_M = 200.0  # between sales points (brief: at least ~150 m)
SALES_AVOID_M = 160.0  # sales points from school posts and the station (brief: ~150 m)
FRUIT_SPACING_M = 250.0  # edge to edge between fruit-vendor areas (brief: ~250 m)
FRUIT_AVOID_M = 100.0  # fruit-vendor areas from every point facility
AREA_AVOID_M = 50.0  # night market / pond edges from every point facility

M_PER_DEG_LAT = 110_950.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(35.24))

SOURCE_REF = "2024-10-01 报道《恪守纪律严作风 履职尽责勇担当》（本报记者 王冰，本报通讯员 魏辰梓）"
GROUP_QUOTE = "设置16处护学岗、10处瓜果疏导区、10处临时便民销售点及1处城管服务站"
UNKNOWN_ADDRESS = "位置不详（示意）"
METHOD_GENERIC = (
    "示意位置：由开发者在中站区城区内放置，文章未给出地址。"
    "Illustrative: placed by the app developers inside the Zhongzhan urban area; "
    "the article gives no address."
)

CATEGORY_ORDER = [  # the app's legend order (src/model/category.rs Category::ALL)
    "service-station", "school-post", "fruit-vendor-area", "convenience-sales-point",
    "night-market", "drainage-repair", "street-lights", "sedimentation-pond", "water-supply",
]
EXPECTED_COUNTS = {
    "service-station": 1, "school-post": 16, "fruit-vendor-area": 10,
    "convenience-sales-point": 10, "night-market": 1, "drainage-repair": 3,
    "street-lights": 1, "sedimentation-pond": 1, "water-supply": 1,
}
PROPERTY_ORDER = [
    "id", "category", "name_zh", "name_en", "description_zh", "description_en", "address_zh",
    "source_quote", "source_ref", "position_precision", "position_method", "article_mention",
    "hours", "hours_source", "valid_from", "valid_until", "notes",
]


HOURS_SOURCE = "示意：文章未给出时间。Illustrative: the article gives no hours."


def method_named(place_zh, place_en):
    return (
        f"示意位置：地名“{place_zh}”出自文章，但位置未经核实，由开发者在城区内示意放置。"
        f"Illustrative: the name {place_en} is from the article, but its position is not "
        "verified; placed by the app developers."
    )


def named_address(place_zh):
    return f"{place_zh}（具体位置未核实）"


# --- district boundary and metric helpers (local equirectangular metres) -------------------

_district = [f for f in DISTRICTS["features"] if f["properties"].get("adcode") == "410803"]
assert len(_district) == 1, "district 410803 (中站区) not found exactly once"
assert _district[0]["geometry"]["type"] == "Polygon", "中站区 is expected to be one Polygon"
_ring = _district[0]["geometry"]["coordinates"][0]
assert _ring[0] == _ring[-1], "district ring is not closed"
RING = [(x * M_PER_DEG_LON, y * M_PER_DEG_LAT) for x, y in _ring]


def to_m(lon, lat):
    return lon * M_PER_DEG_LON, lat * M_PER_DEG_LAT


def inside(lon, lat):
    """Ray casting (even-odd) point-in-polygon against the 中站区 ring."""
    x, y = to_m(lon, lat)
    result = False
    for (x1, y1), (x2, y2) in zip(RING, RING[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def point_segment_m(p, a, b):
    """Distance in metres from p to segment ab, all given in metres."""
    (px, py), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def boundary_distance_m(lon, lat):
    p = to_m(lon, lat)
    return min(point_segment_m(p, a, b) for a, b in zip(RING, RING[1:]))


def ok(lon, lat, margin_m=BOUNDARY_MARGIN_M):
    return inside(lon, lat) and boundary_distance_m(lon, lat) >= margin_m


def dist_m(a, b):
    return math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT)


def offset(lon, lat, east_m, north_m):
    return lon + east_m / M_PER_DEG_LON, lat + north_m / M_PER_DEG_LAT


def densify(path, step_m=20.0):
    """The vertices of a path plus points every step_m along each of its segments."""
    out = [path[0]]
    for a, b in zip(path, path[1:]):
        n = max(1, math.ceil(dist_m(a, b) / step_m))
        out += [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1)]
    return out


def path_ok(path):
    """Every vertex, and every point along every edge, is inside with the boundary margin."""
    return all(ok(*p) for p in densify(path))


def path_length_m(path):
    return sum(dist_m(a, b) for a, b in zip(path, path[1:]))


def paths_distance_m(p, q):
    """Distance between two non-crossing paths (rings or lines): vertex-to-edge both ways."""
    pm, qm = [to_m(*c) for c in p], [to_m(*c) for c in q]

    def one_way(xs, ys):
        if len(ys) == 1:
            return min(math.hypot(x[0] - ys[0][0], x[1] - ys[0][1]) for x in xs)
        return min(point_segment_m(x, a, b) for x in xs for a, b in zip(ys, ys[1:]))

    return min(one_way(pm, qm), one_way(qm, pm))


def point_in_ring(pt, ring):
    x, y = pt
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def clear_of_points(ring, points, min_m):
    return all(not point_in_ring(p, ring) and paths_distance_m(ring, [p]) >= min_m for p in points)


def signed_area_m2(ring):
    pts = [to_m(*c) for c in ring]
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:])) / 2


# --- shapes and sampling ------------------------------------------------------------------

def sample(count, spacing_m, avoid=(), avoid_m=0.0, bbox=URBAN_BBOX):
    """Rejection sampling of points inside the district, spaced from each other and from `avoid`."""
    placed = []
    tries = 0
    while len(placed) < count:
        tries += 1
        assert tries < 200_000, "could not place points; loosen spacing"
        p = (RNG.uniform(bbox[0], bbox[2]), RNG.uniform(bbox[1], bbox[3]))
        if not ok(*p):
            continue
        if any(dist_m(p, q) < spacing_m for q in placed):
            continue
        if any(dist_m(p, q) < avoid_m for q in avoid):
            continue
        placed.append(p)
    return placed


def rectangle(centre, length_m, width_m, angle_deg):
    """Closed, counter-clockwise ring of a rectangle rotated angle_deg from east."""
    a = math.radians(angle_deg)
    ux, uy = math.cos(a), math.sin(a)
    vx, vy = -uy, ux
    hl, hw = length_m / 2, width_m / 2
    corners = [(-hl, -hw), (hl, -hw), (hl, hw), (-hl, hw)]  # CCW in metres
    pts = [offset(*centre, u * ux + v * vx, u * uy + v * vy) for u, v in corners]
    pts.append(pts[0])
    return pts


def polyline(start, legs):
    pts = [start]
    for east, north in legs:
        pts.append(offset(*pts[-1], east, north))
    return pts


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 6), round(coords[1], 6)]
    return [rounded(c) for c in coords]


def vertices(geometry):
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return [coords]
    if kind == "LineString":
        return coords
    assert kind == "Polygon" and len(coords) == 1, kind
    return coords[0]


# --- features -----------------------------------------------------------------------------

features = []


def add(fid, category, name_zh, name_en, desc_zh, desc_en, kind, coords, *, quote, mention,
        address=UNKNOWN_ADDRESS, method=METHOD_GENERIC, hours=""):
    assert category in EXPECTED_COUNTS, category
    assert quote in ARTICLE, f"{fid}: source_quote not verbatim in the article: {quote}"
    assert mention in ARTICLE, f"{fid}: article_mention not verbatim in the article: {mention}"
    assert mention in quote, f"{fid}: article_mention {mention} not inside its source_quote"
    geometry = {"type": kind, "coordinates": rounded(coords)}
    path = vertices(geometry)
    assert path_ok([tuple(p) for p in path]), f"{fid}: outside 中站区 or within {BOUNDARY_MARGIN_M} m of its boundary"
    values = [fid, category, name_zh, name_en, desc_zh, desc_en, address, quote, SOURCE_REF,
              "illustrative", method, mention, hours, HOURS_SOURCE if hours else "", "", "", ""]
    properties = dict(zip(PROPERTY_ORDER, values))
    for key, value in properties.items():
        assert isinstance(value, str), (fid, key)
        try:
            value.encode("gb2312")
        except UnicodeEncodeError as e:
            raise AssertionError(f"{fid}.{key}: character outside GB2312: {value[e.start:e.end]!r}")
    features.append({"type": "Feature", "id": fid, "properties": properties, "geometry": geometry})


# Service station: near the district-centre reference point.
station = sample(1, 0, bbox=STATION_BBOX)[0]
add("service-station-01", "service-station", "城管服务站", "Urban-management service station",
    "城管局依托“巾帼文明岗”“爱心服务驿站”设置的城管服务站，通过体贴、微笑执法，为居民、商户摊贩及户外工作者提供各类文明服务。",
    "The bureau's service station, built on its women's civilised post and caring service "
    "station, offering civil services to residents, vendors and outdoor workers.",
    "Point", station, quote=GROUP_QUOTE, mention="1处城管服务站", hours="Mo-Su 08:00-18:00")

schools = sample(16, SCHOOL_SPACING_M, avoid=[station], avoid_m=200)
for i, p in enumerate(schools, 1):
    add(f"school-post-{i:02}", "school-post", f"护学岗 {i:02}", f"School guard post {i:02}",
        "城管局设置的护学岗，在学生上学、放学时段守护校门口的秩序与安全（示意位置）。",
        "One of the bureau's 16 school guard posts, keeping order and safety at a school gate "
        "when pupils arrive and leave (illustrative position).",
        "Point", p, quote=GROUP_QUOTE, mention="16处护学岗",
        hours="Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00; PH off")

sales = sample(10, SALES_SPACING_M, avoid=schools + [station], avoid_m=SALES_AVOID_M)
for i, p in enumerate(sales, 1):
    add(f"convenience-sales-point-{i:02}", "convenience-sales-point", f"临时便民销售点 {i:02}",
        f"Temporary convenience sales point {i:02}",
        "城管局设置的临时便民销售点，方便商户摊贩有序经营、居民就近购物（示意位置）。",
        "One of the bureau's 10 temporary sales points, where vendors can trade in order and "
        "residents can shop nearby (illustrative position).",
        "Point", p, quote=GROUP_QUOTE, mention="10处临时便民销售点")

point_sites = [station] + schools + sales
fruit_rings = []
tries = 0
while len(fruit_rings) < 10:
    tries += 1
    assert tries < 50_000, "could not place fruit-vendor areas; loosen spacing"
    centre = sample(1, 0)[0]
    angle = RNG.choice([0.0, 90.0]) + RNG.uniform(-8, 8)  # along an east-west or north-south street
    ring = rectangle(centre, 80, 20, angle)
    if not path_ok(ring) or not clear_of_points(ring, point_sites, FRUIT_AVOID_M):
        continue
    if any(paths_distance_m(ring, other) < FRUIT_SPACING_M for other in fruit_rings):
        continue
    fruit_rings.append(ring)
for i, ring in enumerate(fruit_rings, 1):
    add(f"fruit-vendor-area-{i:02}", "fruit-vendor-area", f"瓜果疏导区 {i:02}",
        f"Fruit-vendor diversion area {i:02}",
        "城管局设置的瓜果疏导区，引导瓜果摊贩在此集中、有序经营（示意位置）。",
        "One of the bureau's 10 fruit-vendor diversion areas, where fruit sellers are guided to "
        "trade together in an orderly way (illustrative position).",
        "Polygon", [ring], quote=GROUP_QUOTE, mention="10处瓜果疏导区", hours="06:00-21:00")

# Night market: a 200 m x 150 m square about 400 m from the shopping-plaza reference point.
while True:
    bearing = RNG.uniform(0, 2 * math.pi)
    centre = offset(*PLAZA_REF, 400 * math.cos(bearing), 400 * math.sin(bearing))
    square = rectangle(centre, 200, 150, RNG.uniform(-5, 5))
    if (path_ok(square) and clear_of_points(square, point_sites, AREA_AVOID_M)
            and all(paths_distance_m(square, r) >= AREA_AVOID_M for r in fruit_rings)):
        break
add("night-market-xuheng-square", "night-market", "许衡文化广场夜经济",
    "Xuheng Cultural Square night market",
    "以打造许衡文化广场“夜经济”为着力点，以“喷泉音乐节”为主题，激光秀和水幕电影衬托，结合美食小吃、互动游乐，逐渐发展成融合“食、游、购、娱、体、展、演”等多种业态的夜间商业区。",
    "Night-time commercial area built around a fountain music festival, with laser shows, "
    "water-screen films, snacks and games, combining food, sightseeing, shopping, "
    "entertainment, sport, exhibitions and performances.",
    "Polygon", [square], quote="以打造许衡文化广场“夜经济”为着力点", mention="许衡文化广场",
    address=named_address("许衡文化广场"),
    method=method_named("许衡文化广场", "Xuheng Cultural Square"), hours="18:30-23:00")

for i in range(1, 4):
    while True:
        start = sample(1, 0)[0]
        legs = [(RNG.choice([-1, 1]) * RNG.uniform(150, 300), 0.0),
                (0.0, RNG.choice([-1, 1]) * RNG.uniform(150, 300))]
        line = polyline(start, legs)
        if path_ok(line):
            break
    add(f"drainage-repair-{i:02}", "drainage-repair", f"排水管网修复工程 {i:02}",
        f"Drainage network repair {i:02}",
        "中站区排水管网修复工程项目的示意路段（文章只提到一个全区项目，这里的三段仅为示意）。",
        "Illustrative section of the district's drainage-network repair project (the article "
        "names one district-wide project; these three sections are only illustrations).",
        "LineString", line, quote="持续推进中站区排水管网修复工程项目", mention="排水管网修复工程")

while True:
    start = sample(1, 0)[0]
    legs = [(RNG.uniform(220, 280), RNG.uniform(-30, 30)) for _ in range(5)]
    road = polyline(start, legs)
    if path_ok(road):
        break
add("street-lights-xinyuan-road", "street-lights", "新园路路灯设施提升",
    "Xinyuan Road street-light upgrade",
    "城管局持续推进的新园路路灯设施提升工作，是解决群众急难愁盼问题的重点工作之一（路段走向为示意）。",
    "Upgrade of the street lights on Xinyuan Road, one of the bureau's key works for residents' "
    "urgent needs (the road's course here is illustrative).",
    "LineString", road, quote="新园路路灯设施提升", mention="新园路",
    address=named_address("新园路"), method=method_named("新园路", "Xinyuan Road"))

# The pond irrigates fields on both sides: put it at the western fringe of the urban area.
while True:
    c = sample(1, 0, bbox=POND_BBOX)[0]
    pond = rectangle(c, 60, 40, RNG.uniform(0, 30))
    if path_ok(pond) and clear_of_points(pond, point_sites, AREA_AVOID_M):
        break
add("sedimentation-pond-lianshen-river", "sedimentation-pond", "涟深河沉淀池",
    "Lianshen River sedimentation pond",
    "全面疏通改造涟深河沉淀池，清淤160立方米，疏通浇灌两侧田地200亩，提升涟深河的雨水收集和排涝能力。",
    "The Lianshen River sedimentation pond was dredged (160 cubic metres) and rebuilt, "
    "restoring irrigation for 200 mu of fields on both sides and improving the river's rain "
    "collection and drainage.",
    "Polygon", [pond],
    quote="全面疏通改造涟深河沉淀池,清淤160立方米、疏通浇灌两侧田地200亩",  # ASCII comma, as in the article
    mention="涟深河沉淀池", address=named_address("涟深河"),
    method=method_named("涟深河沉淀池", "Lianshen River sedimentation pond"))

while True:
    estate = sample(1, 0, avoid=point_sites, avoid_m=150)[0]
    if all(paths_distance_m(r, [estate]) >= 100 and not point_in_ring(estate, r)
           for r in fruit_rings + [square, pond]):
        break
add("water-supply-fuduoduo", "water-supply", "福多多小区供水改造", "Fuduoduo estate water supply",
    "福多多小区建成后长期使用自备井水源，小区庭院管网和二次供水设备老化；城管局处理了这些问题，解决了居民眼下吃水难题。",
    "Since it was built, the Fuduoduo estate relied on its own well; its courtyard pipes and "
    "secondary water-supply equipment had aged. The bureau dealt with this and solved the "
    "residents' immediate drinking-water problem.",
    "Point", estate, quote="处理中站区福多多小区建成后长期使用自备井水源", mention="福多多小区",
    address=named_address("福多多小区"), method=method_named("福多多小区", "Fuduoduo estate"))

# --- checks on the finished (rounded) data --------------------------------------------------

features.sort(key=lambda f: CATEGORY_ORDER.index(f["properties"]["category"]))  # stable
by_category = {c: [f for f in features if f["properties"]["category"] == c] for c in CATEGORY_ORDER}
counts = {c: len(fs) for c, fs in by_category.items()}
assert counts == EXPECTED_COUNTS, counts
assert len(features) == 44
assert len({f["id"] for f in features}) == len(features), "duplicate ids"
for f in features:
    assert f["id"] == f["properties"]["id"]
    assert list(f["properties"]) == PROPERTY_ORDER
    path = [tuple(p) for p in vertices(f["geometry"])]
    assert all(ok(*p) for p in path), f["id"]
    if f["geometry"]["type"] == "Polygon":
        assert path[0] == path[-1], f"{f['id']}: ring not closed"
        assert signed_area_m2(path) > 0, f"{f['id']}: exterior ring not counter-clockwise"


def coords_of(category):
    return [tuple(vertices(f["geometry"])[0]) for f in by_category[category]]


def rings_of(category):
    return [[tuple(p) for p in vertices(f["geometry"])] for f in by_category[category]]


def min_pairwise(items, distance):
    return min(distance(a, b) for i, a in enumerate(items) for b in items[i + 1:])


school_pts, sales_pts = coords_of("school-post"), coords_of("convenience-sales-point")
station_pt = coords_of("service-station")[0]
fruit = rings_of("fruit-vendor-area")
night = rings_of("night-market")[0]
pond_ring = rings_of("sedimentation-pond")[0]
summary = {
    "school posts, min spacing m": min_pairwise(school_pts, dist_m),
    "sales points, min spacing m": min_pairwise(sales_pts, dist_m),
    "sales points to school posts/station, min m": min(
        dist_m(a, b) for a in sales_pts for b in school_pts + [station_pt]),
    "fruit areas, min edge-to-edge m": min_pairwise(fruit, paths_distance_m),
}
assert summary["school posts, min spacing m"] >= 300
assert summary["sales points, min spacing m"] >= 150
assert summary["sales points to school posts/station, min m"] >= 150
assert summary["fruit areas, min edge-to-edge m"] >= FRUIT_SPACING_M - 1
for ring in fruit:
    sides = [dist_m(a, b) for a, b in zip(ring, ring[1:])]
    assert abs(max(sides) - 80) < 1 and abs(min(sides) - 20) < 1, sides
sides = [dist_m(a, b) for a, b in zip(night, night[1:])]
assert abs(max(sides) - 200) < 1 and abs(min(sides) - 150) < 1, sides
night_centre = tuple(sum(c) / 4 for c in zip(*night[:4]))
summary["night market centre to 好爱家生活广场 m"] = dist_m(night_centre, PLAZA_REF)
assert 350 <= summary["night market centre to 好爱家生活广场 m"] <= 450
assert not point_in_ring(PLAZA_REF, night), "night market sits on the plaza reference point"
sides = [dist_m(a, b) for a, b in zip(pond_ring, pond_ring[1:])]
assert abs(max(sides) - 60) < 1 and abs(min(sides) - 40) < 1, sides
for f in by_category["drainage-repair"]:
    length = path_length_m(vertices(f["geometry"]))
    summary[f"{f['id']} length m"] = length
    assert 300 <= length <= 600, (f["id"], length)
road_path = vertices(by_category["street-lights"][0]["geometry"])
summary["street-lights length m"] = path_length_m(road_path)
assert 1100 <= summary["street-lights length m"] <= 1300 and 4 <= len(road_path) <= 6
summary["min distance of any vertex to the district boundary m"] = min(
    boundary_distance_m(*p) for f in features for p in vertices(f["geometry"]))

collection = {"type": "FeatureCollection", "name": "zhongzhan-facilities", "features": features}
text = json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
assert json.loads(text) == collection and "crs" not in collection
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(text, encoding="utf-8")

all_pts = [p for f in features for p in vertices(f["geometry"])]
bbox = [min(p[0] for p in all_pts), min(p[1] for p in all_pts),
        max(p[0] for p in all_pts), max(p[1] for p in all_pts)]
print(f"wrote {OUT.relative_to(ROOT)}: {len(features)} features (all positions illustrative)")
for category in CATEGORY_ORDER:
    print(f"  {category:24} {counts[category]}")
print(f"  bbox [W, S, E, N] = {bbox}")
for key, value in summary.items():
    print(f"  {key}: {value:.0f}")
