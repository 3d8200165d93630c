import type { ReactNode } from 'react';

// Every route of this example is a route handler; Next.js still wants a root layout.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
