import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoPropsSchema } from "../../src/compositions/schema";
import {
  framesPerLambda,
  LambdaRenderError,
  renderVideoOnLambda,
  type LambdaRenderProgress,
} from "../../src/pipeline/render/lambda";
import {
  lambdaFunctionName,
  lambdaSiteName,
} from "../../src/pipeline/render/lambda-site";
import {
  FakeAws,
  fakeLambdaOutput,
  lambdaError,
  PROGRESS_WITH_A_RETRY,
} from "../fakes/aws-server";

const sample = videoPropsSchema.parse(
  JSON.parse(
    await readFile(
      path.join(import.meta.dirname, "../../public/sample/tiktok.json"),
      "utf8",
    ),
  ),
);

describe("a render on Remotion Lambda (against a loopback fake of AWS)", () => {
  const saved = { ...process.env };
  let dir: string;
  let aws: FakeAws;
  let failNext = false;
  const narration = "media/0123456789abcdef.mp3";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-lambda-"));
    await copyFile(
      path.join(import.meta.dirname, "../../public", sample.narration!.src),
      path.join(dir, "0123456789abcdef.mp3"),
    );
    aws = await new FakeAws(async (start, renderId, bucket) => {
      if (failNext)
        return [
          {
            fatalErrorEncountered: true,
            errors: [
              lambdaError("Chromium crashed on frame 12", {
                chunk: 0,
                attempt: 3,
                isFatal: true,
              }),
            ],
          },
        ];
      aws.put(
        `renders/${renderId}/out.mp4`,
        await fakeLambdaOutput(start, { width: 1080, height: 1920 }),
      );
      return PROGRESS_WITH_A_RETRY(renderId, bucket, 0.0123);
    }).start();
    Object.assign(process.env, aws.env());
    aws.put(`sites/${await lambdaSiteName()}/index.html`, "<html></html>");
  });
  afterAll(async () => {
    process.env = saved;
    await aws?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const props = () => ({
    ...sample,
    narration: { ...sample.narration!, src: narration },
  });

  it("sends Remotion the composition, props and encoder settings, follows the progress and returns the checked output with its cost", async () => {
    const outFile = path.join(dir, "out", "tiktok.mp4");
    const seen: LambdaRenderProgress[] = [];
    const result = await renderVideoOnLambda({
      props: props(),
      outFile,
      mediaDir: dir,
      scale: 0.25,
      frameRange: [0, 59],
      onProgress: (p) => seen.push(p),
    });

    const start = aws.invocations.find((i) => i.payload.type === "start")!;
    expect(start.functionName).toBe(lambdaFunctionName());
    expect(start.functionName).toMatch(
      /^remotion-render-4-0-527-mem3009mb-disk4096mb-900sec$/,
    );
    expect(start.invocationType).toBe("RequestResponse");
    expect(start.payload).toMatchObject({
      composition: "tiktok",
      serveUrl: `https://${aws.bucketName}.s3.us-east-1.amazonaws.com/sites/${await lambdaSiteName()}/index.html`,
      codec: "h264",
      audioCodec: "aac",
      audioBitrate: "192k",
      pixelFormat: "yuv420p",
      colorSpace: "bt709",
      imageFormat: "jpeg",
      x264Preset: "veryfast",
      crf: 20,
      encodingMaxRate: "2800k",
      gopSize: 15,
      scale: 0.25,
      frameRange: [0, 59],
      framesPerLambda: 120,
      maxRetries: 2,
      privacy: "private",
      version: "4.0.527",
    });
    const inputProps = start.payload.inputProps as {
      type: string;
      payload: string;
    };
    expect(inputProps.type).toBe("payload");
    expect(JSON.parse(inputProps.payload)).toMatchObject({
      preset: "tiktok",
      durationMs: sample.durationMs,
      narration: { src: narration },
    });
    // The narration from the media store is put where staticFile() finds it on Lambda.
    expect(aws.s3Calls()).toContain(
      `PUT /${aws.bucketName}/sites/${await lambdaSiteName()}/public/${narration}`,
    );
    expect(
      aws.objects.get(
        `${aws.bucketName}/sites/${await lambdaSiteName()}/public/${narration}`,
      )?.body,
    ).toEqual(await readFile(path.join(dir, "0123456789abcdef.mp3")));
    const statusCalls = aws.invocations.filter(
      (i) => i.payload.type === "status",
    );
    expect(statusCalls.length).toBe(3);
    expect(statusCalls[0].payload).toMatchObject({
      renderId: result.renderId,
      bucketName: aws.bucketName,
    });

    expect(seen.map((p) => p.fraction)).toEqual([0.3, 0.7, 1]);
    expect(seen.map((p) => p.retries)).toEqual([0, 1, 1]);
    expect(seen[0].etaMs).toBeGreaterThan(0);
    expect(result.costUsd).toBe(0.0123);
    expect(result.probe.video).toMatchObject({
      codec: "h264",
      width: 270,
      height: 480,
      pixelFormat: "yuv420p",
      fps: 30,
    });
    expect(Math.abs(result.probe.durationMs - 2000)).toBeLessThan(100);
    expect(existsSync(outFile)).toBe(true);
  }, 60_000);

  it("does not upload a media file the site already has", async () => {
    const puts = () =>
      aws
        .s3Calls()
        .filter((c) => c.startsWith("PUT ") && c.endsWith(narration));
    expect(puts()).toHaveLength(1);
    await renderVideoOnLambda({
      props: props(),
      outFile: path.join(dir, "again.mp4"),
      mediaDir: dir,
      scale: 0.25,
      frameRange: [0, 59],
    });
    expect(puts()).toHaveLength(1);
  }, 60_000);

  it("fails with Remotion's message when the render fails for good, and leaves no file", async () => {
    failNext = true;
    const outFile = path.join(dir, "failed.mp4");
    await expect(
      renderVideoOnLambda({
        props: props(),
        outFile,
        mediaDir: dir,
        scale: 0.25,
        frameRange: [0, 59],
      }),
    ).rejects.toThrow(/Remotion Lambda failed .*Chromium crashed on frame 12/);
    expect(existsSync(outFile)).toBe(false);
    failNext = false;
  }, 60_000);

  it("says to deploy when this version of the compositions has no site", async () => {
    const prefix = `${aws.bucketName}/sites/${await lambdaSiteName()}/`;
    const kept = [...aws.objects].filter(([key]) => key.startsWith(prefix));
    for (const [key] of kept) aws.objects.delete(key);
    try {
      await expect(
        renderVideoOnLambda({
          props: props(),
          outFile: path.join(dir, "nosite.mp4"),
          mediaDir: dir,
        }),
      ).rejects.toThrow(LambdaRenderError);
      await expect(
        renderVideoOnLambda({
          props: props(),
          outFile: path.join(dir, "nosite.mp4"),
          mediaDir: dir,
        }),
      ).rejects.toThrow(/run `reelwright lambda deploy`/);
    } finally {
      for (const [key, object] of kept) aws.objects.set(key, object);
    }
  });
});

describe("framesPerLambda", () => {
  it("gives each function at least 4 s of video and uses at most 10 functions", () => {
    expect(framesPerLambda(60, 30)).toBe(120); // 2 s: one function
    expect(framesPerLambda(900, 30)).toBe(120); // 30 s: 8 functions
    expect(framesPerLambda(1800, 30)).toBe(180); // 60 s: 10 functions
    expect(framesPerLambda(27_000, 30)).toBe(2700); // 15 min: 10 functions
  });
});
