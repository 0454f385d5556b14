import type { Metadata } from "next";
import { Suspense } from "react";
import { AccountsView } from "@/src/ui/AccountsView";

export const metadata: Metadata = { title: "Connected accounts" };

export default function AccountsPage() {
  // The view reads the callback's ?connected= / ?error= from the query.
  return (
    <Suspense>
      <AccountsView />
    </Suspense>
  );
}
