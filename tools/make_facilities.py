#!/usr/bin/env python3
"""Generate data/facilities.geojson: the article's facilities at ILLUSTRATIVE positions.

The 2024-10-01 article (assets/article.txt) names 16 school guard posts, 10 fruit-vendor areas,
10 temporary convenience sales points, 1 service station, the Xuheng Cultural Square night
market and four public works, but gives no addresses, and no citable coordinates exist for any
of them. This script places each one plausibly inside the urban south of Zhongzhan District
(seeded, reproducible), at least 150 m inside the district boundary, and records in every
feature that the position is illustrative and how it was placed. Replace positions with
surveyed ones as the bureau provides them (and set position_precision accordingly).

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
# Urban south of the district, where residents, schools and streets are.
URBAN_BBOX = (113.140, 35.222, 113.190, 35.252)
M_PER_DEG_LAT = 110_950.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(35.24))

SOURCE_REF = "2024-10-01 报道《恪守纪律严作风 履职尽责勇担当》（本报记者 王冰，本报通讯员 魏辰梓）"
GROUP_QUOTE = "设置16处护学岗、10处瓜果疏导区、10处临时便民销售点及1处城管服务站"
METHOD_GENERIC = (
    "示意位置：由开发者在中站区城区内放置，文章未给出地址。"
    "Illustrative: placed by the app developers inside the Zhongzhan urban area; "
    "the article gives no address."
)


def method_named(place_zh, place_en):
    return (
        f"示意位置：地名“{place_zh}”出自文章，但位置未经核实，由开发者在城区内示意放置。"
        f"Illustrative: the name {place_en} is from the article, but its position is not "
        "verified; placed by the app developers."
    )


ring = next(
    f["geometry"]["coordinates"][0]
    for f in DISTRICTS["features"]
    if f["properties"]["adcode"] == "410803"
)
RING = [(x * M_PER_DEG_LON, y * M_PER_DEG_LAT) for x, y in ring]


def to_m(lon, lat):
    return lon * M_PER_DEG_LON, lat * M_PER_DEG_LAT


def inside(lon, lat):
    x, y = to_m(lon, lat)
    result = False
    for (x1, y1), (x2, y2) in zip(RING, RING[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def boundary_distance_m(lon, lat):
    px, py = to_m(lon, lat)
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(RING, RING[1:]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)))
    return best


def ok(lon, lat, margin_m=150.0):
    return inside(lon, lat) and boundary_distance_m(lon, lat) >= margin_m


def dist_m(a, b):
    return math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT)


def offset(lon, lat, east_m, north_m):
    return lon + east_m / M_PER_DEG_LON, lat + north_m / M_PER_DEG_LAT


def sample(count, spacing_m, avoid=(), avoid_m=0.0, bbox=URBAN_BBOX):
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
    """Closed, counter-clockwise ring of a rotated rectangle."""
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


features = []


def add(fid, category, name_zh, name_en, desc_zh, desc_en, geometry, *, quote, mention,
        address="位置不详（示意）", method=METHOD_GENERIC, hours=""):
    assert quote in ARTICLE, f"{fid}: quote not verbatim in article: {quote}"
    assert mention in ARTICLE, f"{fid}: mention not in article: {mention}"
    kind, coords = geometry
    flat = [coords] if kind == "Point" else coords if kind == "LineString" else coords[0]
    for lon, lat in flat:
        assert ok(lon, lat), f"{fid}: vertex outside district or too close to its boundary"
    features.append({
        "type": "Feature",
        "id": fid,
        "properties": {
            "id": fid,
            "category": category,
            "name_zh": name_zh,
            "name_en": name_en,
            "description_zh": desc_zh,
            "description_en": desc_en,
            "address_zh": address,
            "source_quote": quote,
            "source_ref": SOURCE_REF,
            "position_precision": "illustrative",
            "position_method": method,
            "article_mention": mention,
            "hours": hours,
            "notes": "",
        },
        "geometry": {"type": kind, "coordinates": rounded(coords)},
    })


# Service station: near the district centre reference point (itself only a conventional value).
station = sample(1, 0, bbox=(113.170, 35.232, 113.180, 35.240))[0]
add("service-station-01", "service-station", "城管服务站", "Urban-management service station",
    "城管局设置的城管服务站，为居民、商户摊贩及户外工作者提供各类文明服务。",
    "The bureau's service station, offering civil services to residents, vendors and outdoor workers.",
    ("Point", station), quote=GROUP_QUOTE, mention="1处城管服务站", hours="Mo-Su 08:00-18:00")

schools = sample(16, 320, avoid=[station], avoid_m=200)
for i, p in enumerate(schools, 1):
    add(f"school-post-{i:02}", "school-post", f"护学岗 {i:02}", f"School guard post {i:02}",
        "上学、放学时段在校门口维护交通和秩序的城管护学岗。",
        "Urban-management post at a school gate keeping traffic and order when pupils arrive and leave.",
        ("Point", p), quote=GROUP_QUOTE, mention="16处护学岗",
        hours="Mo-Fr 07:00-08:30,11:30-12:30,17:00-18:00")

sales = sample(10, 200, avoid=schools + [station], avoid_m=160)
for i, p in enumerate(sales, 1):
    add(f"convenience-sales-point-{i:02}", "convenience-sales-point", f"临时便民销售点 {i:02}",
        f"Temporary convenience sales point {i:02}",
        "城管局设置的临时便民销售点，方便商户摊贩有序经营、居民就近购物。",
        "A temporary sales point set up by the bureau so vendors can trade in order and residents can shop nearby.",
        ("Point", p), quote=GROUP_QUOTE, mention="10处临时便民销售点")

fruit_centres = sample(10, 280, avoid=schools + sales + [station], avoid_m=120)
for i, c in enumerate(fruit_centres, 1):
    angle = RNG.choice([0.0, 90.0]) + RNG.uniform(-8, 8)  # along an east-west or north-south street
    add(f"fruit-vendor-area-{i:02}", "fruit-vendor-area", f"瓜果疏导区 {i:02}",
        f"Fruit-vendor diversion area {i:02}",
        "瓜果上市季节引导果农、摊贩集中有序售卖的疏导区。",
        "Seasonal area where fruit growers and vendors are guided to sell in an orderly way.",
        ("Polygon", [rectangle(c, 80, 20, angle)]), quote=GROUP_QUOTE, mention="10处瓜果疏导区",
        hours="06:00-21:00")

plaza_ref = (113.166434, 35.236586)  # 好爱家生活广场 (a real shopping plaza; not Xuheng Square)
while True:
    bearing = RNG.uniform(0, 2 * math.pi)
    centre = offset(*plaza_ref, 400 * math.cos(bearing), 400 * math.sin(bearing))
    square = rectangle(centre, 200, 150, RNG.uniform(-5, 5))
    if all(ok(*p) for p in square):
        break
add("night-market-xuheng-square", "night-market", "许衡文化广场夜经济",
    "Xuheng Cultural Square night market",
    "以“喷泉音乐节”为主题，激光秀、水幕电影，结合美食小吃、互动游乐，融合“食、游、购、娱、体、展、演”的夜间商业区。",
    "Night-time market with a fountain music festival, laser shows and water-screen films, "
    "snacks and games: eating, touring, shopping, entertainment, sport, exhibitions and shows.",
    ("Polygon", [square]), quote="以打造许衡文化广场“夜经济”为着力点", mention="许衡文化广场",
    address="许衡文化广场（具体位置未核实）", method=method_named("许衡文化广场", "Xuheng Cultural Square"),
    hours="18:30-23:00")

for i in range(1, 4):
    while True:
        start = sample(1, 0)[0]
        legs = [(RNG.choice([-1, 1]) * RNG.uniform(150, 300), 0.0),
                (0.0, RNG.choice([-1, 1]) * RNG.uniform(150, 300))]
        line = polyline(start, legs)
        if all(ok(*p) for p in line):
            break
    add(f"drainage-repair-{i:02}", "drainage-repair", f"排水管网修复工程 {i:02}",
        f"Drainage network repair {i:02}",
        "中站区排水管网修复工程项目的示意路段（文章只提到一个全区项目，这里的三段仅为示意）。",
        "Illustrative section of the district's drainage-network repair project (the article names "
        "one district-wide project; these three sections are only illustrations).",
        ("LineString", line), quote="持续推进中站区排水管网修复工程项目", mention="排水管网修复工程")

while True:
    start = sample(1, 0)[0]
    legs = [(RNG.uniform(220, 280), RNG.uniform(-30, 30)) for _ in range(5)]
    road = polyline(start, legs)
    if all(ok(*p) for p in road):
        break
add("street-lights-xinyuan-road", "street-lights", "新园路路灯设施提升",
    "Xinyuan Road street-light upgrade",
    "新园路路灯设施提升工程。",
    "Upgrade of the street lights along Xinyuan Road.",
    ("LineString", road), quote="新园路路灯设施提升", mention="新园路",
    address="新园路（具体位置未核实）", method=method_named("新园路", "Xinyuan Road"))

# The pond irrigates fields on both sides: put it at the western fringe of the urban area.
while True:
    c = sample(1, 0, bbox=(113.135, 35.225, 113.150, 35.250))[0]
    pond = rectangle(c, 60, 40, RNG.uniform(0, 30))
    if all(ok(*p) for p in pond):
        break
add("sedimentation-pond-lianshen-river", "sedimentation-pond", "涟深河沉淀池",
    "Lianshen River sedimentation pond",
    "全面疏通改造涟深河沉淀池，清淤160立方米，疏通浇灌两侧田地200亩，提升雨水收集和排涝能力。",
    "The Lianshen River sedimentation pond was dredged (160 cubic metres) and rebuilt, restoring "
    "irrigation for 200 mu of fields on both sides and improving rain collection and drainage.",
    ("Polygon", [pond]), quote="全面疏通改造涟深河沉淀池", mention="涟深河沉淀池",
    address="涟深河（具体位置未核实）", method=method_named("涟深河沉淀池", "the Lianshen River pond"))

estate = sample(1, 0, avoid=schools + sales, avoid_m=150)[0]
add("water-supply-fuduoduo", "water-supply", "福多多小区供水改造", "Fuduoduo estate water supply",
    "福多多小区建成后长期使用自备井水源，小区庭院管网和二次供水设备老化，经改造解决了居民吃水难题。",
    "The Fuduoduo estate relied on its own well for years; its courtyard pipes and secondary "
    "water-supply equipment were old. The renovation solved the residents' drinking-water problem.",
    ("Point", estate), quote="处理中站区福多多小区建成后长期使用自备井水源", mention="福多多小区",
    address="福多多小区（具体位置未核实）", method=method_named("福多多小区", "Fuduoduo estate"))

counts = {}
for f in features:
    counts[f["properties"]["category"]] = counts.get(f["properties"]["category"], 0) + 1
assert counts == {
    "service-station": 1, "school-post": 16, "convenience-sales-point": 10,
    "fruit-vendor-area": 10, "night-market": 1, "drainage-repair": 3, "street-lights": 1,
    "sedimentation-pond": 1, "water-supply": 1,
}, counts
assert len({f["id"] for f in features}) == len(features)

collection = {"type": "FeatureCollection", "name": "zhongzhan-facilities", "features": features}
OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"wrote {OUT.relative_to(ROOT)}: {len(features)} features", counts)
