import type { Metadata } from "next";
import { VisualsPanel } from "@/src/ui/VisualsPanel";

export const metadata: Metadata = { title: "Visuals" };

export default function VisualsPage() {
  return <VisualsPanel />;
}
