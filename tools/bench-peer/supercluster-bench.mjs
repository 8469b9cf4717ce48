// Peer benchmark for `cargo bench --bench scale`: times supercluster's load() on the same
// points as the Rust index, with the same options, and prints one line of JSON.
//
// Usage: node supercluster-bench.mjs POINTS.json [runs] [radius] [extent] [minZoom] [maxZoom]
// POINTS.json is a JSON array of [lon, lat] pairs (written by the Rust bench or by
// `cargo run --release --bin make_points -- --format lonlat-json`).
// Building the GeoJSON feature objects is not timed; only load() is, as in the Rust bench.

import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import Supercluster from 'supercluster';

const [file, runsArg, radiusArg, extentArg, minZoomArg, maxZoomArg] = process.argv.slice(2);
if (!file) {
    console.error('usage: node supercluster-bench.mjs POINTS.json [runs] [radius] [extent] [minZoom] [maxZoom]');
    process.exit(2);
}
const runs = Number(runsArg ?? 5);
const options = {
    radius: Number(radiusArg ?? 40),
    extent: Number(extentArg ?? 256),
    minZoom: Number(minZoomArg ?? 0),
    maxZoom: Number(maxZoomArg ?? 16),
};

const coords = JSON.parse(readFileSync(file, 'utf8'));
const features = coords.map(([lon, lat], i) => ({
    type: 'Feature',
    properties: {i},
    geometry: {type: 'Point', coordinates: [lon, lat]},
}));

const times = [];
let index = null;
for (let run = 0; run < runs; run++) {
    const start = performance.now();
    index = new Supercluster(options).load(features);
    times.push(performance.now() - start);
}
const sorted = [...times].sort((a, b) => a - b);
const mid = sorted.length >> 1;
const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;

// A sanity figure so the work cannot be optimised away and both sides can be compared.
const topLevel = index.getClusters([-180, -85, 180, 85], options.minZoom).length;

const here = fileURLToPath(new URL('.', import.meta.url));
const version = JSON.parse(readFileSync(`${here}node_modules/supercluster/package.json`, 'utf8')).version;
console.log(JSON.stringify({
    peer: 'supercluster-js',
    version,
    node: process.version,
    points: coords.length,
    runs,
    options,
    median_ms: median,
    min_ms: sorted[0],
    times_ms: times,
    clusters_at_min_zoom: topLevel,
}));
