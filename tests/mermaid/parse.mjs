// Parse a Mermaid flowchart from stdin with Mermaid's own grammar; print its nodes, edges and classes as JSON.
// A parse error is printed on stderr with exit 1. Mermaid needs a DOM: jsdom gives it one.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let text = "";
for await (const chunk of process.stdin) text += chunk;
try {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const nodes = Object.fromEntries([...db.getVertices().entries()].map(([id, v]) => [id, v.text]));
  const edges = db.getEdges().map((e) => [e.start, e.end]);
  const classes = Object.fromEntries([...db.getClasses().entries()].map(([id, c]) => [id, c.styles]));
  process.stdout.write(JSON.stringify({ type: diagram.type, nodes, edges, classes }) + "\n");
} catch (error) {
  process.stderr.write(`mermaid: ${String(error.message || error)}\n`);
  process.exitCode = 1;
}
