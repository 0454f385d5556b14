import type { Metadata } from "next";
import { AccountsView } from "@/src/ui/AccountsView";

export const metadata: Metadata = { title: "Connected accounts" };

/** The view reads the OAuth callback's ?connected= / ?error= from the query. */
export default function AccountsPage() {
  return <AccountsView />;
}
