import type { ReactNode } from 'react';

// The routes of this example are route handlers, but for /status and /signin, server components;
// the forms of /signin post Server Actions (lib/actions.ts).
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
