import { describe, expect, it } from "vitest";
import {
  MIN_FRAMES_PER_PIECE,
  planPieces,
} from "../../src/pipeline/render/chunks";

describe("splitting a render into pieces", () => {
  it("covers the range with equal consecutive pieces, the last one shorter", () => {
    const ranges = planPieces([0, 2270], 2);
    expect(ranges).toEqual([
      [0, 1135],
      [1136, 2270],
    ]);
    expect(planPieces([100, 1099], 3)).toEqual([
      [100, 433],
      [434, 767],
      [768, 1099],
    ]);
  });

  it("keeps short renders whole rather than paying for another browser", () => {
    expect(planPieces([0, 59], 2)).toEqual([[0, 59]]);
    expect(planPieces([0, 2 * MIN_FRAMES_PER_PIECE - 2], 2)).toHaveLength(1);
    expect(planPieces([0, 2 * MIN_FRAMES_PER_PIECE - 1], 2)).toHaveLength(2);
    expect(planPieces([0, 3 * MIN_FRAMES_PER_PIECE - 1], 8)).toHaveLength(3);
  });

  it("renders in one piece when asked for one or none", () => {
    expect(planPieces([0, 999], 1)).toEqual([[0, 999]]);
    expect(planPieces([0, 999], 0)).toEqual([[0, 999]]);
  });
});
