import type { Metadata } from "next";
import { ClipsView } from "@/src/ui/ClipsView";

export const metadata: Metadata = { title: "Clips" };

export default function ClipsPage() {
  return <ClipsView />;
}
