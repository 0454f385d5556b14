import type { Metadata } from "next";
import { PublishPanel } from "@/src/ui/PublishPanel";

export const metadata: Metadata = { title: "Publish" };

export default function PublishPage() {
  return <PublishPanel />;
}
