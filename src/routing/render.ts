/**
 * Drawing a topology graph: Mermaid (renders in pull requests on the common
 * Git hosts), Graphviz DOT, and SVG laid out offline with dagre.
 */
import type * as Dagre from '@dagrejs/dagre';
import { GraphModel, GraphNode, NodeCategory } from './graph-model';

const COLORS: Record<NodeCategory, { fill: string; stroke: string }> = {
  source: { fill: '#e8f5e9', stroke: '#2e7d32' },
  broker: { fill: '#e3f2fd', stroke: '#1565c0' },
  channel: { fill: '#e0f7fa', stroke: '#00838f' },
  trigger: { fill: '#fff8e1', stroke: '#ff8f00' },
  subscription: { fill: '#fff3e0', stroke: '#ef6c00' },
  flow: { fill: '#f3e5f5', stroke: '#6a1b9a' },
  service: { fill: '#ede7f6', stroke: '#4527a0' },
  revision: { fill: '#fafafa', stroke: '#616161' },
  route: { fill: '#fce4ec', stroke: '#ad1457' },
  external: { fill: '#ffffff', stroke: '#9e9e9e' },
};

/** Nodes sorted by id, edges by ends: the drawings do not depend on manifest order. */
function sorted(model: GraphModel): GraphModel {
  const nodes = [...model.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: model.edges };
}

function mermaidText(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

function mermaidShape(n: GraphNode, label: string): string {
  switch (n.category) {
    case 'source': return `(["${label}"])`;
    case 'broker': return `{{"${label}"}}`;
    case 'channel': return `[("${label}")]`;
    case 'flow': return `[["${label}"]]`;
    case 'service': return `("${label}")`;
    case 'revision': return `[/"${label}"/]`;
    default: return `["${label}"]`;
  }
}

/** A Mermaid flowchart. */
export function toMermaid(model: GraphModel): string {
  const { nodes, edges } = sorted(model);
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) lines.push(`  ${ids.get(n.id)}${mermaidShape(n, n.lines.map(mermaidText).join('<br/>'))}`);
  for (const e of edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${ids.get(e.to)}`);
  }
  for (const [cat, c] of Object.entries(COLORS)) {
    const members = nodes.filter(n => n.category === cat).map(n => ids.get(n.id));
    if (members.length === 0) continue;
    lines.push(`  classDef ${cat} fill:${c.fill},stroke:${c.stroke},color:#212121`);
    lines.push(`  class ${members.join(',')} ${cat}`);
  }
  return `${lines.join('\n')}\n`;
}

function dotText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const DOT_SHAPES: Partial<Record<NodeCategory, string>> = {
  source: 'ellipse', broker: 'hexagon', channel: 'cylinder', flow: 'component', service: 'box, style="rounded,filled"', revision: 'parallelogram',
};

/** A Graphviz DOT digraph. */
export function toDot(model: GraphModel): string {
  const { nodes, edges } = sorted(model);
  const lines = [
    'digraph topology {',
    '  rankdir=LR;',
    '  node [shape=box, style=filled, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const n of nodes) {
    const c = COLORS[n.category];
    const shape = DOT_SHAPES[n.category] ?? 'box';
    lines.push(`  "${dotText(n.id)}" [label="${dotText(n.lines.join('\n'))}", shape=${shape}, fillcolor="${c.fill}", color="${c.stroke}"];`);
  }
  for (const e of edges) {
    const attrs = [e.label ? `label="${dotText(e.label)}"` : '', e.dashed ? 'style=dashed' : ''].filter(Boolean);
    lines.push(`  "${dotText(e.from)}" -> "${dotText(e.to)}"${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const FONT = 12;
const CHAR = 6.8;
const BOLD_CHAR = 7.8;
const LINE = 16;
const PAD = 10;
const LABEL_CHAR = 5.8;

/** An SVG drawing, laid out left to right by dagre (no browser, no network). */
export function toSvg(model: GraphModel): string {
  const { nodes, edges } = sorted(model);
  // loaded on first use: only an SVG needs the layout library
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dagre: typeof Dagre = require('@dagrejs/dagre');
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64, edgesep: 12, marginx: 16, marginy: 16 });
  for (const n of nodes) {
    // The first line is bold, hence wider.
    const width = Math.max(...n.lines.map((l, i) => l.length * (i === 0 ? BOLD_CHAR : CHAR))) + 2 * PAD;
    g.setNode(n.id, { width, height: n.lines.length * LINE + 2 * PAD });
  }
  edges.forEach((e, i) => {
    g.setEdge(e.from, e.to, { width: e.label.length * LABEL_CHAR, height: e.label ? 14 : 0, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);
  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#546e7a"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  edges.forEach((e, i) => {
    const layout = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points: Array<{ x: number; y: number }>; x?: number; y?: number };
    const d = layout.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="#546e7a" stroke-width="1.2"${e.dashed ? ' stroke-dasharray="5,4"' : ''} marker-end="url(#arrow)"/>`);
    if (e.label && layout.x !== undefined && layout.y !== undefined) {
      const w = e.label.length * LABEL_CHAR + 6;
      out.push(`<rect x="${(layout.x - w / 2).toFixed(1)}" y="${(layout.y - 8).toFixed(1)}" width="${w.toFixed(1)}" height="15" fill="#ffffff" opacity="0.9"/>`);
      out.push(`<text x="${layout.x.toFixed(1)}" y="${(layout.y + 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#37474f">${xml(e.label)}</text>`);
    }
  });
  for (const n of nodes) {
    const l = g.node(n.id);
    const c = COLORS[n.category];
    const x = l.x - l.width / 2;
    const y = l.y - l.height / 2;
    const rx = n.category === 'service' || n.category === 'source' ? 12 : 3;
    out.push(`<g><title>${xml(n.id)}</title><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${l.width.toFixed(1)}" height="${l.height.toFixed(1)}" rx="${rx}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`);
    n.lines.forEach((line, j) => {
      const ty = y + PAD + (j + 1) * LINE - 4;
      out.push(`<text x="${l.x.toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="middle"${j === 0 ? ' font-weight="bold"' : ' fill="#424242"'}>${xml(line)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
