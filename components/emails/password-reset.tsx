import { EmailLayout, FinePrint, Paragraph } from "./email-layout";
import { ManageButton } from "./reservation-details";

export interface PasswordResetProps {
  name: string | null;
  resetUrl: string;
}

export const passwordResetSubject = "Set a new Tablekeep password";

export default function PasswordReset(p: PasswordResetProps) {
  return (
    <EmailLayout preview="The link works once, within an hour." heading="Set a new password">
      <Paragraph>
        {p.name ? `Hello ${p.name}, s` : "S"}omeone asked to set a new password for the Tablekeep account with this email address.
      </Paragraph>
      <ManageButton url={p.resetUrl}>Choose a new password</ManageButton>
      <FinePrint>
        The link works once, within an hour. Setting a new password signs you out everywhere else. If you did not ask for
        this, ignore this email: your password stays as it is.
      </FinePrint>
    </EmailLayout>
  );
}
