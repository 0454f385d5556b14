import type { Metadata } from "next";
import { CalendarView } from "@/src/ui/CalendarView";

export const metadata: Metadata = { title: "Calendar" };

export default function CalendarPage() {
  return <CalendarView />;
}
