import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "../client/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "seedscope",
  description: "Seed statistics of image-classification training recipes",
};

const NAV = [
  ["/", "Overview"],
  ["/runs", "Runs"],
  ["/sweeps", "Sweeps"],
  ["/generalization", "Val vs v2"],
  ["/recipes", "Recipe diff"],
  ["/matrix", "Arch × recipe"],
  ["/architectures", "Architectures"],
  ["/compare", "Compare"],
] as const;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/" className="brand">
            seedscope
          </Link>
          <nav>
            {NAV.map(([href, label]) => (
              <Link key={href} href={href}>
                {label}
              </Link>
            ))}
          </nav>
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
