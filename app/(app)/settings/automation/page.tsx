import type { Metadata } from "next";
import { AutomationView } from "@/src/ui/AutomationView";

export const metadata: Metadata = { title: "Automation" };

export default function AutomationPage() {
  return <AutomationView />;
}
