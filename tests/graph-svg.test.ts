/** The SVG diagrams of the site: labels are text, never markup; the same graph gives the same bytes. */
import { describe, expect, it } from "vitest";
import { type Diagram, graphSvg } from "../src/render/graph-svg.js";

const hostile = "</text><script>alert(1)</script>&\"'\u202e";
const diagram: Diagram = {
  nodes: [
    { id: "s", label: "start", kind: "start" },
    { id: "a", label: hostile },
    { id: "b", label: "b" },
    { id: "e", label: "end", kind: "end" },
  ],
  edges: [
    { from: "s", to: "a" },
    { from: "a", to: "b", label: hostile },
    { from: "b", to: "a", label: "back" },
    { from: "b", to: "e" },
  ],
};

describe("graphSvg", () => {
  const svg = graphSvg(diagram, `title ${hostile}`);

  it("writes every label and the title as escaped text", () => {
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("</text><script>");
    expect(svg).toContain("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;");
    expect(svg).not.toContain("\u202e");
    // Two states and two edge labels.
    expect(svg.match(/<text /g)).toHaveLength(4);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(4);
  });

  it("draws nodes named like Object.prototype members (a stage may be called `constructor`)", () => {
    const names = ["constructor", "__proto__", "toString", "hasOwnProperty"];
    const drawn = graphSvg(
      { nodes: names.map((id) => ({ id, label: id })), edges: names.slice(1).map((id, i) => ({ from: names[i]!, to: id, label: id })) },
      "prototype names",
    );
    for (const name of names) expect(drawn).toContain(`id="diagram-${name}"`);
  });

  it("is deterministic, with coordinates rounded to a tenth", () => {
    expect(graphSvg(diagram, `title ${hostile}`)).toBe(svg);
    for (const number of svg.match(/-?\d+\.\d+/g) ?? []) expect(number.split(".")[1]!.length).toBe(1);
  });
});
