import type { ReactNode } from 'react';

// The routes of this example are route handlers, but for /status, a server component.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
