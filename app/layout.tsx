import type { ReactNode } from "react";
import "@/src/ui/globals.css";

export const metadata = {
  title: { default: "Reelwright", template: "%s · Reelwright" },
  description:
    "Turns written content into narrated, captioned videos for YouTube, Shorts, Reels and TikTok.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
