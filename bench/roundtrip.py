#!/usr/bin/env python3
"""Independent check of newsgraph's exports with rdflib: the Turtle export, the TriG export and
the N-Quads export parse, and they hold the same graph (Turtle = union of the TriG graphs)."""
import sys

from rdflib import ConjunctiveGraph, Graph
from rdflib.compare import isomorphic

ttl, trig, nq = sys.argv[1:4]
g_ttl = Graph()
g_ttl.parse(ttl, format="turtle")
ds_trig = ConjunctiveGraph()
ds_trig.parse(trig, format="trig")
ds_nq = ConjunctiveGraph()
ds_nq.parse(nq, format="nquads")

union_trig = Graph()
for s, p, o, _ in ds_trig.quads((None, None, None, None)):
    union_trig.add((s, p, o))
union_nq = Graph()
for s, p, o, _ in ds_nq.quads((None, None, None, None)):
    union_nq.add((s, p, o))

assert len(g_ttl) > 0, "empty Turtle export"
assert isomorphic(g_ttl, union_trig), "Turtle and TriG exports differ"
assert isomorphic(union_trig, union_nq), "TriG and N-Quads exports differ"
graphs_trig = {str(c.identifier) for c in ds_trig.contexts() if len(c)}
graphs_nq = {str(c.identifier) for c in ds_nq.contexts() if len(c)}
assert graphs_trig == graphs_nq, (graphs_trig, graphs_nq)
print(f"rdflib round trip: {len(g_ttl)} triples, {len(graphs_trig)} named graph(s), isomorphic")
