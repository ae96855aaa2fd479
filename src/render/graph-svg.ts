/**
 * A state diagram as a static SVG, for the HTML site: laid out by dagre (the layered layout Mermaid itself
 * uses) when the docs are generated, so the site shows the diagram offline, with no script, and the same
 * policies give the same bytes. The Markdown pages keep the Mermaid source, which GitHub renders.
 * Every label goes through `xmlText`: a policy's id or text cannot become markup.
 */
import dagre from "@dagrejs/dagre";
import { xmlText } from "./escape/xml.js";

/** `start` and `end` are the pseudo-states `[*]` of a state diagram. */
export interface DiagramNode {
  id: string;
  label: string;
  kind?: "state" | "start" | "end";
}

export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
}

export interface Diagram {
  nodes: readonly DiagramNode[];
  edges: readonly DiagramEdge[];
}

const font = { size: 12, charWidth: 7.2, lineHeight: 16 };
const pad = { x: 12, y: 8 };
const pseudoSize = 14;

/** Coordinates are rounded to a tenth of a pixel: enough for the eye, and no float noise in the file. */
const n = (value: number) => String(Math.round(value * 10) / 10);

export function graphSvg(diagram: Diagram, title: string): string {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 44, edgesep: 14, marginx: 8, marginy: 8 });
  const textWidth = (text: string) => text.length * font.charWidth;
  // dagre keeps nodes in plain objects keyed by id: a stage named `constructor` or `__proto__` would break it.
  // It gets ids of its own (n0, n1...).
  const key = new Map(diagram.nodes.map((node, i) => [node.id, `n${i}`]));
  const keyOf = (id: string) => key.get(id)!;
  for (const node of diagram.nodes) {
    const pseudo = node.kind === "start" || node.kind === "end";
    g.setNode(keyOf(node.id), {
      width: pseudo ? pseudoSize : textWidth(node.label) + 2 * pad.x,
      height: pseudo ? pseudoSize : font.lineHeight + 2 * pad.y,
    });
  }
  diagram.edges.forEach((edge, i) => {
    g.setEdge(
      keyOf(edge.from),
      keyOf(edge.to),
      edge.label ? { label: edge.label, width: textWidth(edge.label) + 6, height: font.lineHeight, labelpos: "c" } : {},
      `e${i}`,
    );
  });
  dagre.layout(g);
  const { width, height } = g.graph() as { width: number; height: number };

  const parts: string[] = [];
  diagram.edges.forEach((edge, i) => {
    const laid = g.edge({ v: keyOf(edge.from), w: keyOf(edge.to), name: `e${i}` }) as {
      points: { x: number; y: number }[];
      x?: number;
      y?: number;
    };
    const d = laid.points.map((p, k) => `${k === 0 ? "M" : "L"}${n(p.x)},${n(p.y)}`).join(" ");
    parts.push(`<path class="edge" d="${d}" marker-end="url(#arrow)"/>`);
    if (edge.label && laid.x !== undefined && laid.y !== undefined) {
      const w = textWidth(edge.label) + 6;
      parts.push(
        `<rect class="edge-label" x="${n(laid.x - w / 2)}" y="${n(laid.y - font.lineHeight / 2)}" width="${n(w)}" height="${font.lineHeight}"/>`,
        `<text x="${n(laid.x)}" y="${n(laid.y + font.size / 3)}">${xmlText(edge.label)}</text>`,
      );
    }
  });
  for (const node of diagram.nodes) {
    const { x, y, width: w, height: h } = g.node(keyOf(node.id)) as { x: number; y: number; width: number; height: number };
    if (node.kind === "start") parts.push(`<circle class="start" cx="${n(x)}" cy="${n(y)}" r="${pseudoSize / 2}"/>`);
    else if (node.kind === "end")
      parts.push(
        `<circle class="end" cx="${n(x)}" cy="${n(y)}" r="${pseudoSize / 2}"/>`,
        `<circle class="start" cx="${n(x)}" cy="${n(y)}" r="${pseudoSize / 2 - 3}"/>`,
      );
    else
      parts.push(
        `<g class="state" id="diagram-${xmlText(node.id)}"><rect x="${n(x - w / 2)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="6"/>`,
        `<text x="${n(x)}" y="${n(y + font.size / 3)}">${xmlText(node.label)}</text></g>`,
      );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" aria-label="${xmlText(title)}" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}">`,
    `<title>${xmlText(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...parts,
    "</svg>",
  ].join("\n");
}
