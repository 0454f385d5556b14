import type { Metadata } from "next";
import { NewProjectForm } from "@/src/ui/NewProjectForm";

export const metadata: Metadata = { title: "New video" };

export default function NewProjectPage() {
  return <NewProjectForm />;
}
