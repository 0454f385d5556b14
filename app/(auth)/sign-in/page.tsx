import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/src/ui/SignInForm";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="auth-page">
      <section className="auth-art" aria-hidden="true">
        <div className="brand">
          <span className="brand-mark">▶</span> Reelwright
        </div>
        <div>
          <h2>Your articles, as videos people watch.</h2>
          <p>
            Review the script, pick a voice, preview every format and publish to
            YouTube, Instagram and TikTok — from one place.
          </p>
        </div>
        <p className="small">Team access only.</p>
      </section>
      <main className="auth-form">
        <Suspense>
          <SignInForm />
        </Suspense>
      </main>
    </div>
  );
}
