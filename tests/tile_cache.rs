//! Online tiles against a local tile server: requests carry the app's User-Agent (OSM tile
//! policy), and a tile once viewed is served from the disk cache when the server is gone.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use std::io::{BufRead, BufReader, Cursor, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpTiles, TileId, Tiles};
use zhongzhan_map::map::providers::{TileSettings, http_options};

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::TempDir;

struct LocalSource {
    base: String,
}

impl TileSource for LocalSource {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "{}/{}/{}/{}.png",
            self.base, tile_id.zoom, tile_id.x, tile_id.y
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "test",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

struct TileServer {
    base: String,
    requests: Arc<AtomicUsize>,
    user_agents: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
    address: std::net::SocketAddr,
}

fn png() -> Vec<u8> {
    let image = image::RgbImage::from_pixel(256, 256, image::Rgb([10, 120, 200]));
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

impl TileServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let user_agents = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let body = png();
        let handle = {
            let (requests, user_agents, stop) =
                (requests.clone(), user_agents.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(mut stream) = stream else { continue };
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        if let Some(agent) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
                            user_agents.lock().unwrap().push(agent.trim().to_owned());
                        }
                        line.clear();
                    }
                    requests.fetch_add(1, Ordering::SeqCst);
                    let header = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nCache-Control: public, max-age=86400\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    stream.write_all(header.as_bytes()).ok();
                    stream.write_all(&body).ok();
                }
            })
        };
        Self {
            base: format!("http://{address}"),
            requests,
            user_agents,
            stop,
            handle: Some(handle),
            address,
        }
    }

    fn shut_down(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        std::net::TcpStream::connect(self.address).ok();
        if let Some(handle) = self.handle.take() {
            handle.join().ok();
        }
    }
}

fn wait_for_tile(tiles: &mut HttpTiles, tile_id: TileId) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if tiles.at(tile_id).is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn tiles_carry_the_user_agent_and_are_served_from_cache_offline() {
    let mut server = TileServer::start();
    let cache = TempDir::new("tile-cache");
    let settings = TileSettings {
        cache_dir: Some(cache.path().to_path_buf()),
        ..TileSettings::default()
    };
    let tile_id = TileId {
        x: 3,
        y: 2,
        zoom: 3,
    };

    let mut online = HttpTiles::with_options(
        LocalSource {
            base: server.base.clone(),
        },
        http_options(&settings, "local"),
        egui::Context::default(),
    );
    assert!(wait_for_tile(&mut online, tile_id), "tile not downloaded");
    let agents = server.user_agents.lock().unwrap().clone();
    assert!(
        agents.iter().all(|a| a.starts_with("zhongzhan-map/")),
        "{agents:?}"
    );
    assert!(!agents.is_empty());
    let requests_online = server.requests.load(Ordering::SeqCst);
    drop(online);

    server.shut_down();
    let mut offline = HttpTiles::with_options(
        LocalSource {
            base: server.base.clone(),
        },
        http_options(&settings, "local"),
        egui::Context::default(),
    );
    assert!(
        wait_for_tile(&mut offline, tile_id),
        "the cached tile was not served with the server gone"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), requests_online);
}
