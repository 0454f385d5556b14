import type { Metadata } from "next";
import { PreviewPanel } from "@/src/ui/PreviewPanel";

export const metadata: Metadata = { title: "Preview" };

export default function PreviewPage() {
  return <PreviewPanel />;
}
