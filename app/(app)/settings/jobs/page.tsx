import type { Metadata } from "next";
import { JobsView } from "@/src/ui/JobsView";

export const metadata: Metadata = { title: "Jobs" };

export default function JobsPage() {
  return <JobsView />;
}
