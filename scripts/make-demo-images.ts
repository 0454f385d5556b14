/**
 * Draws the demo article's illustrations (public/demo/images/*.jpg) as SVG and renders them with
 * sharp. Deterministic: a seeded generator places stars, waves and rocks, so the files only change
 * when this script does. Run: npx tsx scripts/make-demo-images.ts
 */
import path from "node:path";
import sharp from "sharp";

const W = 2400;
const H = 1600;
const OUT = path.resolve("public/demo/images");

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sky = (id: string, stops: string[]) =>
  `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1">${stops
    .map(
      (c, i) => `<stop offset="${i / (stops.length - 1)}" stop-color="${c}"/>`,
    )
    .join("")}</linearGradient>`;

function stars(rand: () => number, count: number, maxY: number) {
  return Array.from({ length: count }, () => {
    const r = rand() * 2.6 + 0.6;
    return `<circle cx="${rand() * W}" cy="${rand() * maxY}" r="${r}" fill="#fff" opacity="${0.3 + rand() * 0.7}"/>`;
  }).join("");
}

function sea(rand: () => number, top: number, colors: string[]) {
  const layers = colors.map((color, i) => {
    const y = top + (i * (H - top)) / colors.length;
    const amp = 10 + i * 8;
    let d = `M0 ${y}`;
    for (let x = 0; x <= W; x += 120)
      d += ` Q${x + 60} ${y - amp * (0.5 + rand())} ${x + 120} ${y}`;
    return `<path d="${d} L${W} ${H} L0 ${H} Z" fill="${color}"/>`;
  });
  return layers.join("");
}

/** A striped tower with a lantern room; `glow` lights the lantern. */
function tower(
  x: number,
  base: number,
  height: number,
  width: number,
  stripe: string,
  glow: string,
) {
  const top = base - height;
  const topWidth = width * 0.62;
  const bands = Array.from({ length: 4 }, (_, i) => {
    const y0 = top + (height * (i * 2 + 1)) / 8;
    const y1 = y0 + height / 8;
    const w0 = topWidth + ((width - topWidth) * (y0 - top)) / height;
    const w1 = topWidth + ((width - topWidth) * (y1 - top)) / height;
    return `<path d="M${x - w0 / 2} ${y0} L${x + w0 / 2} ${y0} L${x + w1 / 2} ${y1} L${x - w1 / 2} ${y1} Z" fill="${stripe}"/>`;
  }).join("");
  const lantern = width * 0.5;
  return `
    <path d="M${x - topWidth / 2} ${top} L${x + topWidth / 2} ${top} L${x + width / 2} ${base} L${x - width / 2} ${base} Z" fill="#f1f5f9"/>
    ${bands}
    <rect x="${x - topWidth / 2 - 14}" y="${top - 14}" width="${topWidth + 28}" height="18" fill="#1e293b"/>
    <rect x="${x - lantern / 2}" y="${top - lantern * 0.9}" width="${lantern}" height="${lantern * 0.78}" fill="${glow}"/>
    <circle cx="${x}" cy="${top - lantern * 0.5}" r="${lantern * 1.4}" fill="url(#halo)"/>
    <path d="M${x - lantern * 0.7} ${top - lantern * 0.9} L${x} ${top - lantern * 1.5} L${x + lantern * 0.7} ${top - lantern * 0.9} Z" fill="#1e293b"/>`;
}

function beam(
  x: number,
  y: number,
  angle: number,
  length: number,
  spread: number,
  color: string,
  opacity: number,
) {
  const a = (angle * Math.PI) / 180;
  const s = (spread * Math.PI) / 180;
  const p1 = [x + Math.cos(a - s) * length, y + Math.sin(a - s) * length];
  const p2 = [x + Math.cos(a + s) * length, y + Math.sin(a + s) * length];
  return `<path d="M${x} ${y} L${p1[0]} ${p1[1]} L${p2[0]} ${p2[1]} Z" fill="${color}" opacity="${opacity}"/>`;
}

const halo = (color: string) =>
  `<radialGradient id="halo"><stop offset="0" stop-color="${color}" stop-opacity="0.85"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`;

function rocks(
  rand: () => number,
  base: number,
  from: number,
  to: number,
  color: string,
) {
  let d = `M${from} ${H}`;
  for (let x = from; x <= to; x += 80) d += ` L${x} ${base - rand() * 90}`;
  return `<path d="${d} L${to} ${H} Z" fill="${color}"/>`;
}

function ship(x: number, y: number, scale: number, color: string) {
  return `<g transform="translate(${x} ${y}) scale(${scale})">
    <path d="M-120 0 L120 0 L95 38 L-100 38 Z" fill="${color}"/>
    <rect x="-80" y="-34" width="70" height="34" fill="${color}"/><rect x="0" y="-22" width="90" height="22" fill="${color}"/>
    <circle cx="-60" cy="-20" r="5" fill="#fde68a"/><circle cx="-35" cy="-20" r="5" fill="#fde68a"/></g>`;
}

const SCENES: Record<string, (rand: () => number) => string> = {
  cover: (rand) => `
    <defs>${sky("s", ["#020617", "#0b1f4a", "#1e3a8a", "#f59e0b"])}${halo("#fde68a")}</defs>
    <rect width="${W}" height="${H}" fill="url(#s)"/>${stars(rand, 260, 900)}
    <circle cx="1900" cy="300" r="90" fill="#fef3c7" opacity="0.9"/>
    ${beam(1200, 640, 200, 1700, 6, "#fde68a", 0.35)}${beam(1200, 640, -20, 1700, 6, "#fde68a", 0.25)}
    ${sea(rand, 1180, ["#0c2a5b", "#0a2150", "#071a40", "#04122e"])}
    ${rocks(rand, 1150, 950, 1450, "#0f172a")}
    ${tower(1200, 1120, 480, 150, "#dc2626", "#fde68a")}`,
  "fire-tower": (rand) => `
    <defs>${sky("s", ["#1e1b4b", "#7c2d12", "#ea580c", "#fdba74"])}${halo("#fb923c")}</defs>
    <rect width="${W}" height="${H}" fill="url(#s)"/>${stars(rand, 60, 400)}
    ${sea(rand, 1150, ["#3b1d4a", "#2e1a47", "#1f1537", "#140d26"])}
    ${rocks(rand, 1050, 700, 1700, "#1c1917")}
    <path d="M1120 1040 L1280 1040 L1250 560 L1150 560 Z" fill="#78716c"/>
    <path d="M1120 1040 L1280 1040 L1250 560 L1150 560 Z" fill="none" stroke="#44403c" stroke-width="6" stroke-dasharray="40 30"/>
    <circle cx="1200" cy="500" r="260" fill="url(#halo)"/>
    <path d="M1150 560 Q1160 430 1200 380 Q1215 450 1235 420 Q1260 480 1250 560 Z" fill="#fbbf24"/>
    <path d="M1175 560 Q1185 480 1205 450 Q1220 500 1228 560 Z" fill="#fef3c7"/>`,
  lens: (rand) => {
    const rings = Array.from({ length: 14 }, (_, i) => {
      const r = 60 + i * 48;
      return `<circle cx="1200" cy="800" r="${r}" fill="none" stroke="${i % 2 ? "#fde68a" : "#f59e0b"}" stroke-width="${26 - i}" opacity="${0.9 - i * 0.05}"/>`;
    }).join("");
    const glints = Array.from(
      { length: 40 },
      () =>
        `<circle cx="${600 + rand() * 1200}" cy="${200 + rand() * 1200}" r="${2 + rand() * 5}" fill="#fff" opacity="${rand()}"/>`,
    ).join("");
    return `<defs><radialGradient id="g"><stop offset="0" stop-color="#fffbeb"/><stop offset="0.35" stop-color="#f59e0b"/><stop offset="1" stop-color="#1c1917"/></radialGradient>${halo("#fde68a")}</defs>
      <rect width="${W}" height="${H}" fill="#0c0a09"/><circle cx="1200" cy="800" r="780" fill="url(#g)" opacity="0.9"/>
      ${rings}<circle cx="1200" cy="800" r="120" fill="url(#halo)"/>${glints}
      <rect x="0" y="0" width="${W}" height="${H}" fill="none" stroke="#292524" stroke-width="80"/>`;
  },
  horizon: (rand) => `
    <defs>${sky("s", ["#030712", "#111d45", "#1d3b7a"])}${halo("#fde68a")}</defs>
    <rect width="${W}" height="${H}" fill="url(#s)"/>${stars(rand, 200, 800)}
    <ellipse cx="1200" cy="3400" rx="2900" ry="2350" fill="#0b2a55"/>
    <ellipse cx="1200" cy="3420" rx="2880" ry="2330" fill="#082046"/>
    ${beam(520, 760, -4, 1900, 3.5, "#fde68a", 0.35)}
    ${rocks(rand, 1120, 300, 760, "#0f172a")}
    ${tower(520, 1080, 320, 100, "#1d4ed8", "#fde68a")}
    ${ship(1900, 1052, 0.9, "#020617")}`,
  signatures: (rand) => `
    <defs>${sky("s", ["#020617", "#0f172a", "#1e293b"])}${halo("#fde68a")}</defs>
    <rect width="${W}" height="${H}" fill="url(#s)"/>${stars(rand, 180, 700)}
    ${beam(500, 780, -30, 1200, 4, "#ffffff", 0.3)}${beam(1250, 930, 210, 900, 4, "#ef4444", 0.35)}${beam(1950, 1000, -60, 800, 4, "#22c55e", 0.35)}
    ${sea(rand, 1150, ["#0b1d3f", "#091733", "#061027"])}
    ${rocks(rand, 1130, 0, W, "#0b1120")}
    ${tower(500, 1100, 380, 120, "#e2e8f0", "#ffffff")}${tower(1250, 1110, 230, 80, "#dc2626", "#fecaca")}${tower(1950, 1120, 160, 60, "#16a34a", "#bbf7d0")}`,
  keeper: (rand) => {
    const spiral = Array.from({ length: 11 }, (_, i) => {
      const r = 700 - i * 60;
      return `<ellipse cx="1200" cy="${820 - i * 20}" rx="${r}" ry="${r * 0.92}" fill="none" stroke="${i % 2 ? "#a16207" : "#ca8a04"}" stroke-width="${30 - i * 2}" opacity="${0.5 + i * 0.04}"/>`;
    }).join("");
    const steps = Array.from({ length: 24 }, (_, i) => {
      const a = (i / 24) * Math.PI * 2;
      return `<line x1="${1200 + Math.cos(a) * 280}" y1="${780 + Math.sin(a) * 260}" x2="${1200 + Math.cos(a) * 640}" y2="${800 + Math.sin(a) * 600}" stroke="#713f12" stroke-width="10" opacity="${0.4 + rand() * 0.3}"/>`;
    }).join("");
    return `<defs><radialGradient id="g"><stop offset="0" stop-color="#fef3c7"/><stop offset="0.3" stop-color="#f59e0b"/><stop offset="1" stop-color="#1c1917"/></radialGradient></defs>
      <rect width="${W}" height="${H}" fill="#1c1917"/><circle cx="1200" cy="700" r="820" fill="url(#g)" opacity="0.8"/>
      ${steps}${spiral}<circle cx="1200" cy="620" r="150" fill="#fffbeb" opacity="0.9"/>
      <g transform="translate(1420 1060)"><circle cx="0" cy="-150" r="34" fill="#0c0a09"/><path d="M-40 -110 L40 -110 L55 40 L-55 40 Z" fill="#0c0a09"/><path d="M-30 40 L-45 160 M30 40 L45 160" stroke="#0c0a09" stroke-width="26"/></g>`;
  },
  fog: (rand) => {
    const bands = Array.from(
      { length: 7 },
      (_, i) =>
        `<rect x="-100" y="${300 + i * 170 + rand() * 40}" width="${W + 200}" height="${140 + rand() * 60}" rx="70" fill="#e2e8f0" opacity="${0.16 + rand() * 0.12}"/>`,
    ).join("");
    const waves = Array.from(
      { length: 4 },
      (_, i) =>
        `<path d="M${1480 + i * 110} ${560 - i * 80} Q${1600 + i * 150} 720 ${1480 + i * 110} ${880 + i * 80}" fill="none" stroke="#f8fafc" stroke-width="14" opacity="${0.55 - i * 0.1}"/>`,
    ).join("");
    return `<defs>${sky("s", ["#64748b", "#94a3b8", "#cbd5e1", "#94a3b8"])}${halo("#fef9c3")}</defs>
      <rect width="${W}" height="${H}" fill="url(#s)"/>
      ${rocks(rand, 1150, 700, 1700, "#475569")}
      <g opacity="0.75">${tower(1200, 1120, 520, 150, "#b91c1c", "#fef9c3")}</g>${waves}${bands}
      ${sea(rand, 1240, ["#64748b", "#57677d", "#475569"])}`;
  },
  modern: (rand) => `
    <defs>${sky("s", ["#38bdf8", "#7dd3fc", "#e0f2fe"])}${halo("#ffffff")}</defs>
    <rect width="${W}" height="${H}" fill="url(#s)"/>
    <circle cx="400" cy="300" r="120" fill="#fef9c3"/>
    ${sea(rand, 1050, ["#0284c7", "#0369a1", "#075985", "#0c4a6e"])}
    ${ship(1800, 1030, 1.6, "#1e293b")}<rect x="1660" y="950" width="60" height="26" fill="#ea580c"/><rect x="1730" y="950" width="60" height="26" fill="#16a34a"/><rect x="1800" y="950" width="60" height="26" fill="#2563eb"/>
    ${rocks(rand, 1090, 500, 1150, "#334155")}
    ${tower(820, 1060, 420, 110, "#f8fafc", "#ffffff")}
    <g transform="translate(960 960) rotate(-18)"><rect width="200" height="110" fill="#1e3a8a" stroke="#cbd5e1" stroke-width="8"/><path d="M66 0 V110 M133 0 V110 M0 55 H200" stroke="#93c5fd" stroke-width="4"/></g>`,
};

for (const [name, draw] of Object.entries(SCENES)) {
  const seed = [...name].reduce((n, c) => n * 31 + c.charCodeAt(0), 7);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${draw(random(seed))}</svg>`;
  await sharp(Buffer.from(svg))
    .jpeg({ quality: 84, mozjpeg: true })
    .toFile(path.join(OUT, `${name}.jpg`));
}
