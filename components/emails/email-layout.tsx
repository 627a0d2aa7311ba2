import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** Inline styles only: most mail clients drop <style> blocks and external CSS. */
const styles = {
  body: { backgroundColor: "#f6f3ef", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "8px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#9f3a1a", fontSize: "14px", fontWeight: 700, letterSpacing: "0.04em", margin: "0 0 16px" },
  heading: { color: "#1f1a17", fontSize: "22px", lineHeight: "1.3", margin: "0 0 16px" },
  footer: { color: "#6b625c", fontSize: "12px", lineHeight: "1.5", margin: 0 },
} as const;

/** A paragraph of an email's body. */
export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "15px", margin: "0 0 12px" }}>{children}</Text>;
}

/** The small print under an email's button: what the link does and what to do if it was not you. */
export function FinePrint({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "14px", margin: "12px 0 0" }}>{children}</Text>;
}

export function EmailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>TABLEKEEP</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ borderColor: "#e8e1da", margin: "24px 0" }} />
          <Section>
            <Text style={styles.footer}>
              You are receiving this because a booking was made with this address on Tablekeep. If that was not you,
              you can ignore this message.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
