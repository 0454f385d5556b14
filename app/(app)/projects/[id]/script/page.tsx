import type { Metadata } from "next";
import { ScriptEditor } from "@/src/ui/ScriptEditor";

export const metadata: Metadata = { title: "Script" };

export default function ScriptPage() {
  return <ScriptEditor />;
}
