//! `--endpoint`: building into and querying a real Oxigraph server (the `oxigraph` command of
//! the PyPI package `oxigraph`, which `.ci/run` installs), the error policy against a scripted
//! HTTP server, and an unreachable endpoint.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{bin, example};

/// An `oxigraph serve` on a free port of 127.0.0.1 with a temporary data directory, whose
/// default graph is the union of the named graphs (as `newsgraph query` expects); killed on drop.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let child = Command::new(oxigraph_command())
            .args(["serve", "--union-default-graph", "--location"])
            .arg(dir.path().join("db"))
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `oxigraph serve` ({e}): the endpoint tests need the Oxigraph \
                     server (PATH, python3's scripts folder or $NEWSGRAPH_OXIGRAPH): \
                     bash scripts/setup.sh --test"
                )
            });
        let mut server = Server { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("oxigraph serve exited ({status}): {}", server.log());
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "oxigraph serve did not answer on port {port} in 30 s: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self, service: &str) -> String {
        format!("http://127.0.0.1:{}/{service}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Oxigraph server command: `$NEWSGRAPH_OXIGRAPH`, else `oxigraph` on PATH, else the one pip
/// put in python3's scripts folder (which need not be on PATH: pyenv's shims miss it until a
/// rehash, and `pip install --user` puts it under ~/.local/bin).
fn oxigraph_command() -> PathBuf {
    if let Some(path) = std::env::var_os("NEWSGRAPH_OXIGRAPH") {
        return PathBuf::from(path);
    }
    let on_path = Command::new("oxigraph")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !on_path {
        for scheme in ["", "posix_user"] {
            let script = format!(
                "import sysconfig; print(sysconfig.get_path('scripts'{}))",
                if scheme.is_empty() {
                    String::new()
                } else {
                    format!(", '{scheme}'")
                }
            );
            if let Ok(out) = Command::new("python3").args(["-c", &script]).output() {
                let dir = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                let candidate = Path::new(&dir).join("oxigraph");
                if !dir.is_empty() && candidate.is_file() {
                    return candidate;
                }
            }
        }
    }
    PathBuf::from("oxigraph")
}

/// A port nothing listens on (free when asked).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn synth_jsonl(dir: &Path, count: usize) -> PathBuf {
    let out = bin()
        .args(["synth", "--seed", "1", "--count", &count.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let path = dir.join("synth.jsonl");
    std::fs::write(&path, out.stdout).unwrap();
    path
}

/// Runs `newsgraph query ARGS --format json` and returns the variables and the sorted rows.
fn query_rows(args: &[&str]) -> (serde_json::Value, Vec<String>) {
    let out = bin()
        .arg("query")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "query {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<String> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.to_string())
        .collect();
    rows.sort();
    (json["head"]["vars"].clone(), rows)
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

#[test]
fn endpoint_build_and_query_match_the_local_store() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = synth_jsonl(dir.path(), 20);
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let build = |target: &[&str]| {
        let out = bin()
            .arg("build")
            .args(target)
            .arg(example())
            .arg("--jsonl")
            .arg(&jsonl)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "build {target:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let local = build(&["--store", store]);
    let remote = build(&["--endpoint", &server.url("store")]);
    assert_eq!(remote, local, "the same summary line per article");
    assert_eq!(remote.lines().count(), 21);

    let query = server.url("query");
    let (vars, rows) = query_rows(&["who-met-whom", "--endpoint", &query]);
    assert_eq!(
        (vars, rows.clone()),
        query_rows(&["who-met-whom", "--store", store])
    );
    assert!(
        rows.len() > 20 && rows.iter().any(|r| r.contains("Ali Abdullah Ayoub")),
        "{rows:?}"
    );
    assert_eq!(
        query_rows(&[
            "who-met-whom",
            "--param",
            "person=Bagheri",
            "--endpoint",
            &query
        ]),
        query_rows(&[
            "who-met-whom",
            "--param",
            "person=Bagheri",
            "--store",
            store
        ])
    );

    let count = query_rows(&["--sparql", COUNT, "--endpoint", &query]);
    assert_eq!(count, query_rows(&["--sparql", COUNT, "--store", store]));
    build(&["--endpoint", &server.url("store")]);
    assert_eq!(
        query_rows(&["--sparql", COUNT, "--endpoint", &query]),
        count,
        "building again replaces the graphs: {}",
        server.log()
    );
}

/// A request as the scripted server saw it.
#[derive(Debug)]
struct Seen {
    request_line: String,
    content_type: String,
    body: String,
}

/// A server on 127.0.0.1 that answers its connections, one request each, with the given
/// statuses in turn, then stops; it reports what it saw.
fn scripted_endpoint(statuses: Vec<u16>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for status in statuses {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let (mut length, mut content_type, mut chunked) = (0, String::new(), false);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "content-type" => content_type = value.trim().to_owned(),
                    "transfer-encoding" => chunked = value.trim() == "chunked",
                    _ => {}
                }
            }
            let body = if chunked {
                read_chunked(&mut reader)
            } else {
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                body
            };
            let answer = format!("refused by the test\n  (status {status})");
            write!(
                reader.get_mut(),
                "HTTP/1.1 {status} Whatever\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
            let _ = tx.send(Seen {
                request_line: request_line.trim_end().to_owned(),
                content_type,
                body: String::from_utf8(body).unwrap(),
            });
        }
    });
    (url, rx)
}

/// A body in chunks (RFC 9112, 7.1): `SIZE-IN-HEX\r\n` then the bytes and `\r\n`, ending with
/// a chunk of size 0 and an empty line (no trailers here).
fn read_chunked(reader: &mut impl BufRead) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let size = line.trim_end().split(';').next().unwrap();
        let size = usize::from_str_radix(size, 16).unwrap();
        let mut chunk = vec![0; size + 2];
        if size == 0 {
            reader.read_line(&mut String::new()).unwrap();
            return body;
        }
        reader.read_exact(&mut chunk).unwrap();
        assert!(chunk.ends_with(b"\r\n"));
        body.extend_from_slice(&chunk[..size]);
    }
}

/// Runs `newsgraph build --endpoint URL --puts PUTS --jsonl JSONL`: exit code, stdout, stderr.
fn build_to(url: &str, puts: &str, jsonl: &Path) -> (Option<i32>, String, String) {
    let out = bin()
        .args(["build", "--endpoint", url, "--puts", puts, "--jsonl"])
        .arg(jsonl)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_refused_article_is_reported_and_a_failing_endpoint_stops_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = synth_jsonl(dir.path(), 4);
    let (url, seen) = scripted_endpoint(vec![204, 400, 503]);
    // one PUT at a time: the scripted answers go to the articles in input order
    let (code, stdout, stderr) = build_to(&url, "1", &jsonl);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with(&format!("{}:1: ", jsonl.display())));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    // the refused article: named, with the URL, the status and the server's word; then on
    assert!(lines[0].starts_with(&format!(
        "newsgraph: {}:2: cannot write graph <https://",
        jsonl.display()
    )));
    assert!(
        lines[0].ends_with(&format!(
            "{url} answered HTTP 400 Bad Request: refused by the test (status 400)"
        )),
        "{stderr}"
    );
    // the failing endpoint: the article it was writing, and the build stops there
    assert!(lines[1].starts_with(&format!("newsgraph: {}:3: ", jsonl.display())));
    assert!(
        lines[1].contains(&format!("{url} answered HTTP 503 Service Unavailable")),
        "{stderr}"
    );
    assert!(lines[1].ends_with("the build stopped there"), "{stderr}");

    let seen: Vec<Seen> = seen.try_iter().collect();
    assert_eq!(seen.len(), 3, "no request after the build stopped");
    for s in &seen {
        let target = s.request_line.strip_prefix("PUT /store?graph=").unwrap();
        let graph = target.strip_suffix(" HTTP/1.1").unwrap();
        assert!(
            graph.starts_with("https%3A%2F%2Fnews.example.org%2F") && !graph.contains(['/', ':']),
            "the article IRI, percent-encoded: {}",
            s.request_line
        );
        assert_eq!(s.content_type, "application/n-triples");
        assert!(s.body.lines().count() > 10, "{}", s.body);
        assert!(s.body.lines().all(|l| l.ends_with(" .")), "{}", s.body);
    }
}

#[test]
fn concurrent_puts_stop_at_the_first_failing_article_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = synth_jsonl(dir.path(), 6);
    // every PUT answered 503: the build stops, named by the first article in input order,
    // and no article is reported written
    let (url, seen) = scripted_endpoint(vec![503; 6]);
    let (code, stdout, stderr) = build_to(&url, "3", &jsonl);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "", "no article written");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("newsgraph: {}:1: ", jsonl.display())),
        "{stderr}"
    );
    assert!(lines[0].ends_with("the build stopped there"), "{stderr}");
    // at most one failing PUT per sender (each stops after its own), none after the first
    let seen: Vec<Seen> = seen.try_iter().collect();
    assert!((1..=3).contains(&seen.len()), "{} requests", seen.len());
}

/// A server on 127.0.0.1 that reads each request's head, answers `status` and closes the
/// connection without reading the body (as Virtuoso answers an unauthenticated PUT with 401).
fn refusing_endpoint(status: u16) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://user:secret@{}/store",
        listener.local_addr().unwrap()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim_end().is_empty() {
                    break;
                }
            }
            let _ = write!(
                reader.get_mut(),
                "HTTP/1.1 {status} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            // closed with the body unread: the client's next write fails (EPIPE or a reset)
        }
    });
    url
}

#[test]
fn an_upload_cut_short_by_the_server_is_an_error_and_never_shows_credentials() {
    let dir = tempfile::tempdir().unwrap();
    // a graph too large for the socket buffers: the PUT is still being sent when the
    // connection closes
    let big = dir.path().join("big.txt");
    let text = std::fs::read_to_string(example()).unwrap();
    std::fs::write(&big, text.repeat(60)).unwrap();
    for status in [401, 413, 500] {
        let url = refusing_endpoint(status);
        for article in [example(), big.clone()] {
            let out = bin()
                .args(["build", "--endpoint", &url])
                .arg(&article)
                .output()
                .unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(1), "{status}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.starts_with(&format!("newsgraph: {}: ", article.display())),
                "{stderr}"
            );
            assert!(
                !stderr.contains("secret") && !stderr.contains("user@"),
                "{stderr}"
            );
            assert!(!stderr.contains("<<"), "{stderr}");
            // the status when it was read, else the closed connection
            assert!(
                stderr.contains(&format!("HTTP {status}"))
                    || stderr.contains("closed the connection before it had received"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn an_unreachable_endpoint_gives_one_line_naming_it() {
    let url = format!("http://127.0.0.1:{}/store", free_port());
    // a store named in the environment does not conflict with --endpoint
    let out = bin()
        .env("NEWSGRAPH_STORE", "/nonexistent/store")
        .args(["build", "--endpoint", &url])
        .arg(example())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("newsgraph: {}: ", example().display()))
            && stderr.contains(&format!("cannot reach {url}: "))
            && stderr.trim_end().ends_with("the build stopped there"),
        "{stderr}"
    );

    let out = bin()
        .args(["query", "actors", "--endpoint", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("newsgraph: cannot reach {url}: ")),
        "{stderr}"
    );

    for args in [
        vec!["build", "--store", "s", "--endpoint", &url, "x.txt"],
        vec!["query", "actors", "--store", "s", "--endpoint", &url],
        vec!["query", "actors", "--endpoint", "ftp://example.org/"],
        // --puts is for endpoint builds, 1 to 64
        vec!["build", "--store", "s", "--puts", "2", "x.txt"],
        vec!["build", "--endpoint", &url, "--puts", "0", "x.txt"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
    }
}

#[test]
fn a_graph_of_thousands_of_triples_is_streamed_whole() {
    use newsgraph::remote::Endpoint;
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

    let server = Server::start();
    let graph = NamedNode::new("https://news.example.org/article/big").unwrap();
    let n = 20_000;
    // about 2 MB of N-Triples: many chunks, and one literal longer than a chunk
    let quads = (0..n).map(|i| {
        let text = if i == 7 {
            "é\"\n".repeat(100_000)
        } else {
            format!("text {i}")
        };
        Quad::new(
            NamedNode::new(format!("https://news.example.org/s/{}", i % 1000)).unwrap(),
            NamedNode::new(format!("https://news.example.org/p/{i}")).unwrap(),
            Literal::new_simple_literal(text),
            GraphName::DefaultGraph,
        )
    });
    let endpoint = Endpoint::new(&server.url("store")).unwrap();
    endpoint.put_graph(&graph, quads).unwrap();

    let query = format!(
        "SELECT (COUNT(*) AS ?n) (SUM(STRLEN(?o)) AS ?chars) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    );
    let (_, rows) = query_rows(&["--sparql", &query, "--endpoint", &server.url("query")]);
    let chars: usize = (0..n)
        .map(|i| {
            if i == 7 {
                300_000
            } else {
                format!("text {i}").chars().count()
            }
        })
        .sum();
    assert_eq!(rows.len(), 1);
    let row: serde_json::Value = serde_json::from_str(&rows[0]).unwrap();
    assert_eq!(row["n"]["value"], n.to_string(), "{}", server.log());
    assert_eq!(row["chars"]["value"], chars.to_string());
}
