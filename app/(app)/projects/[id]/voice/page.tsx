import type { Metadata } from "next";
import { VoicePanel } from "@/src/ui/VoicePanel";

export const metadata: Metadata = { title: "Voice" };

export default function VoicePage() {
  return <VoicePanel />;
}
