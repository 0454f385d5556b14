import type { ReactNode } from "react";

export const metadata = {
  title: "Reelwright",
  description:
    "Turns written content into narrated, captioned videos for YouTube, Shorts, Reels and TikTok.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          margin: "0 auto",
          maxWidth: 720,
          padding: "48px 24px",
          lineHeight: 1.5,
        }}
      >
        {children}
      </body>
    </html>
  );
}
