//! Remote stage: a SPARQL endpoint over HTTP in place of the local store, for a graph that
//! lives past one machine.
//!
//! [`Endpoint::put_graph`] replaces an article's named graph with the
//! [SPARQL 1.1 Graph Store HTTP Protocol](https://www.w3.org/TR/sparql11-http-rdf-update/#http-put)
//! (`PUT URL?graph=IRI`, N-Triples body), so building an article again replaces its graph as
//! the local store does. [`Endpoint::query`] sends a query with the
//! [SPARQL 1.1 Protocol](https://www.w3.org/TR/sparql11-protocol/#query-via-post-direct)
//! (`POST`, `application/sparql-query`) and reads the answer with Oxigraph's own results and
//! RDF parsers, so it is written by the same code as a local query's. Like `store`, this module
//! knows nothing of articles: `ingest::build_endpoint` drives it.
//!
//! Errors say which of two kinds they are ([`RemoteError::is_about_endpoint`]): the endpoint
//! cannot take any request (unreachable, a timeout, TLS, a wrong URL or missing rights, a server
//! error), or it refused this one request (any other 4xx, e.g. 400 or 413).

use std::io::Read;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Quad};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QueryTripleIter};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use ureq::http::StatusCode;
use ureq::SendBody;

/// Time allowed to open a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for a whole request, from connecting to the last byte of the answer.
pub const TIMEOUT: Duration = Duration::from_secs(300);

/// What a query parameter may hold unescaped: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The most of an error answer's body quoted in a message.
const QUOTED: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("invalid endpoint URL {url:?}: {message}")]
    Url { url: String, message: String },
    #[error("cannot reach {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("{url} answered HTTP {}{}", status_text(*.code), if .message.is_empty() { String::new() } else { format!(": {}", .message) })]
    Status {
        url: String,
        code: u16,
        message: String,
    },
    #[error("cannot read the answer of {url}: {message}")]
    Answer { url: String, message: String },
    /// The server closed the connection while the request's body was being sent, before it
    /// answered (a server that refuses a request before reading it may do this: one that wants
    /// credentials, or finds the body too large).
    #[error("{url} closed the connection before it had received the whole request ({message}), without an answer; it may want credentials or refuse the request's size")]
    Closed { url: String, message: String },
}

impl RemoteError {
    /// Whether the error is about the endpoint rather than one request: the next request
    /// would fail alike (unreachable, timeout, TLS, a redirect, 401, 403, 404, 405, 407, 5xx).
    pub fn is_about_endpoint(&self) -> bool {
        match self {
            RemoteError::Status { code, .. } => {
                !(400..500).contains(code) || matches!(code, 401 | 403 | 404 | 405 | 407)
            }
            RemoteError::Answer { .. } => false,
            RemoteError::Url { .. }
            | RemoteError::Unreachable { .. }
            | RemoteError::Closed { .. } => true,
        }
    }
}

/// `url` as it may be shown: without the credentials of its user information
/// (`http://user:password@host/` is shown as `http://host/`). Every message about an endpoint
/// names it so.
pub fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// Checks that `url` is an absolute `http` or `https` URL with a host.
pub fn check_url(url: &str) -> Result<(), RemoteError> {
    let bad = |message: &str| RemoteError::Url {
        url: redacted(url),
        message: message.to_owned(),
    };
    if url.chars().any(char::is_control) {
        return Err(bad("it holds a control character"));
    }
    let uri: ureq::http::Uri = url.parse().map_err(|e| bad(&format!("{e}")))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad("it must start with http:// or https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if url.contains('#') {
        return Err(bad("it must not have a fragment"));
    }
    Ok(())
}

/// A SPARQL endpoint: a Graph Store Protocol URL for [`Endpoint::put_graph`], a query URL
/// for [`Endpoint::query`] (Oxigraph server: `http://HOST:PORT/store` and `…/query`).
pub struct Endpoint {
    url: String,
    /// `url` without credentials, for messages.
    shown: String,
    agent: ureq::Agent,
}

impl Endpoint {
    pub fn new(url: &str) -> Result<Self, RemoteError> {
        check_url(url)?;
        let agent = ureq::Agent::config_builder()
            // statuses are answers to report, not transport errors
            .http_status_as_error(false)
            // a redirected PUT or POST would be replayed as a GET: report it instead
            .max_redirects(0)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(TIMEOUT))
            .user_agent(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Endpoint {
            url: url.to_owned(),
            shown: redacted(url),
            agent,
        })
    }

    /// The URL as it may be shown (without credentials).
    pub fn shown_url(&self) -> &str {
        &self.shown
    }

    /// Replaces the named graph `graph` by the triples of `quads` (their graph names are
    /// ignored): one `PUT URL?graph=IRI` with an N-Triples body, sent in chunks
    /// (`Transfer-Encoding: chunked`) as `quads` are serialized, so that memory holds one
    /// batch of [`BODY_BATCH`] triples, not the graph.
    pub fn put_graph(
        &self,
        graph: &NamedNode,
        quads: impl IntoIterator<Item = Quad>,
    ) -> Result<(), RemoteError> {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        let target = format!(
            "{}{separator}graph={}",
            self.url,
            utf8_percent_encode(graph.as_str(), QUERY_VALUE)
        );
        let mut body = NTriplesBody {
            quads: quads.into_iter(),
            buf: Vec::new(),
            pos: 0,
        };
        let response = self
            .agent
            .put(&target)
            .header("Content-Type", "application/n-triples")
            .send(SendBody::from_reader(&mut body))
            .map_err(|e| self.transport_error(e))?;
        self.check(response).map(drop)
    }

    /// Runs a query: Solutions and booleans are asked for as SPARQL results (JSON, else XML),
    /// graphs as N-Triples (else Turtle); the answer is parsed by the format it declares.
    pub fn query(&self, query: &spargebra::Query) -> Result<QueryResults<'static>, RemoteError> {
        let graph = matches!(
            query,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
        );
        let accept = if graph {
            "application/n-triples, text/turtle;q=0.9"
        } else {
            "application/sparql-results+json, application/sparql-results+xml;q=0.9"
        };
        let response = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/sparql-query")
            .header("Accept", accept)
            .send(query.to_string())
            .map_err(|e| self.transport_error(e))?;
        let response = self.check(response)?;
        let media_type = response
            .headers()
            .get("Content-Type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let reader = response.into_body().into_reader();
        if graph {
            let format = RdfFormat::from_media_type(&media_type)
                .ok_or_else(|| self.unexpected_type(&media_type))?;
            let triples = RdfParser::from_format(format).for_reader(reader).map(|q| {
                q.map(Into::into)
                    .map_err(|e| QueryEvaluationError::Service(Box::new(e)))
            });
            return Ok(QueryTripleIter::new(triples).into());
        }
        let format = QueryResultsFormat::from_media_type(&media_type)
            .ok_or_else(|| self.unexpected_type(&media_type))?;
        QueryResultsParser::from_format(format)
            .for_reader(reader)
            .map(Into::into)
            .map_err(|e| self.answer_error(e))
    }

    /// Passes a 2xx answer through; anything else becomes [`RemoteError::Status`] quoting the
    /// start of the body (servers explain their refusals there).
    fn check(
        &self,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<ureq::http::Response<ureq::Body>, RemoteError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let location = response
            .headers()
            .get("Location")
            .and_then(|v| v.to_str().ok())
            .map(|l| format!("redirected to {l}"));
        let mut head = Vec::new();
        let _ = response
            .into_body()
            .into_reader()
            .take(4 * QUOTED as u64)
            .read_to_end(&mut head);
        let text = String::from_utf8_lossy(&head);
        let mut message: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if message.chars().count() > QUOTED {
            message = message.chars().take(QUOTED).collect::<String>() + "…";
        }
        Err(RemoteError::Status {
            url: self.shown.clone(),
            code: status.as_u16(),
            message: location.unwrap_or(message),
        })
    }

    fn transport_error(&self, e: ureq::Error) -> RemoteError {
        match e {
            // cut short while the body was sent: an error of this request, never taken for a
            // closed standard output
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                ) =>
            {
                return RemoteError::Closed {
                    url: self.shown.clone(),
                    message: io.to_string(),
                }
            }
            _ => {}
        }
        RemoteError::Unreachable {
            url: self.shown.clone(),
            // ureq's message may quote the URL it was given
            message: e.to_string().replace(&self.url, &self.shown),
        }
    }

    fn answer_error(&self, e: impl std::fmt::Display) -> RemoteError {
        RemoteError::Answer {
            url: self.shown.clone(),
            message: e.to_string(),
        }
    }

    fn unexpected_type(&self, media_type: &str) -> RemoteError {
        self.answer_error(format!(
            "unsupported Content-Type {media_type:?} (is this the query URL of a SPARQL endpoint?)"
        ))
    }
}

/// How many triples [`Endpoint::put_graph`] serializes at a time (about 100 KB).
pub const BODY_BATCH: usize = 512;

/// An N-Triples body read as it is written: each read that finds the buffer empty serializes
/// the next [`BODY_BATCH`] triples into it (N-Triples has no header, so batches concatenate).
struct NTriplesBody<I> {
    quads: I,
    buf: Vec<u8>,
    pos: usize,
}

impl<I: Iterator<Item = Quad>> Read for NTriplesBody<I> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            self.pos = 0;
            let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(buf);
            for q in self.quads.by_ref().take(BODY_BATCH) {
                w.serialize_triple(q.as_ref())?;
            }
            self.buf = w.finish()?;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// `404 Not Found`.
fn status_text(code: u16) -> String {
    match StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => format!("{code} {r}"),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_endpoints() {
        assert!(check_url("http://127.0.0.1:7878/store").is_ok());
        assert!(check_url("https://example.org/sparql?x=1").is_ok());
        for bad in [
            "ftp://example.org/",
            "example.org/store",
            "http://",
            "http://a/#f",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_are_never_shown() {
        assert_eq!(
            redacted("http://user:pw@127.0.0.1:8890/sparql-graph-crud-auth?x=@y"),
            "http://127.0.0.1:8890/sparql-graph-crud-auth?x=@y"
        );
        assert_eq!(redacted("https://u@h/p"), "https://h/p");
        assert_eq!(redacted("http://h:1/p@q"), "http://h:1/p@q");
        let e = check_url("ftp://user:secret@h/").unwrap_err().to_string();
        assert!(!e.contains("secret"), "{e}");
        let e = check_url("http://user:secret@h/a\nb")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
        let endpoint = Endpoint::new("http://user:secret@127.0.0.1:9/store").unwrap();
        assert_eq!(endpoint.shown_url(), "http://127.0.0.1:9/store");
    }

    #[test]
    fn graph_names_are_percent_encoded() {
        let iri = "https://ex.org/a?b=c&d#char=1,2";
        assert_eq!(
            utf8_percent_encode(iri, QUERY_VALUE).to_string(),
            "https%3A%2F%2Fex.org%2Fa%3Fb%3Dc%26d%23char%3D1%2C2"
        );
    }

    #[test]
    fn the_streamed_body_is_the_whole_n_triples_serialization() {
        use oxigraph::model::{GraphName, Literal};
        let quads: Vec<Quad> = (0..BODY_BATCH * 2 + 7)
            .map(|i| {
                Quad::new(
                    NamedNode::new(format!("https://ex.org/s{i}")).unwrap(),
                    NamedNode::new("https://ex.org/p").unwrap(),
                    Literal::new_simple_literal(format!("\"{i}\"\n")),
                    GraphName::DefaultGraph,
                )
            })
            .collect();
        let mut whole = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        for q in &quads {
            whole.serialize_triple(q.as_ref()).unwrap();
        }
        let whole = whole.finish().unwrap();
        for chunk in [1, 7, 8192] {
            let mut body = NTriplesBody {
                quads: quads.clone().into_iter(),
                buf: Vec::new(),
                pos: 0,
            };
            let mut got = Vec::new();
            let mut buf = vec![0; chunk];
            loop {
                let n = body.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            assert!(got == whole, "reads of {chunk} bytes");
        }
    }

    #[test]
    fn errors_about_the_endpoint_stop_a_build() {
        let status = |code| RemoteError::Status {
            url: String::new(),
            code,
            message: String::new(),
        };
        for code in [301, 401, 403, 404, 405, 500, 503] {
            assert!(status(code).is_about_endpoint(), "{code}");
        }
        for code in [400, 413, 415, 422] {
            assert!(!status(code).is_about_endpoint(), "{code}");
        }
    }
}
