import type { Metadata } from "next";
import { RendersPanel } from "@/src/ui/RendersPanel";

export const metadata: Metadata = { title: "Render & review" };

export default function RendersPage() {
  return <RendersPanel />;
}
