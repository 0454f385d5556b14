import { redirect } from "next/navigation";

/** The app starts at the projects; the API is described at /api/v1/openapi.json. */
export default function Home() {
  redirect("/projects");
}
