export default function Home() {
  return (
    <main>
      <h1>Reelwright</h1>
      <p>
        Turns articles into narrated, captioned videos for YouTube, Shorts,
        Reels and TikTok.
      </p>
      <p>
        The HTTP API lives under <code>/api/v1/video/</code> and needs a site
        key (<code>reelwright sites add &quot;Name&quot;</code>). Its
        description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        Service health: <a href="/api/v1/health">/api/v1/health</a>.
      </p>
    </main>
  );
}
