import { EmailLayout, FinePrint, Paragraph } from "./email-layout";
import { ManageButton } from "./reservation-details";

export interface VerifyEmailProps {
  name: string | null;
  confirmUrl: string;
}

export const verifyEmailSubject = "Did you create a Tablekeep account?";

export default function VerifyEmail(p: VerifyEmailProps) {
  return (
    <EmailLayout preview="Confirm this address only if you created the account." heading="Confirm your email address">
      <Paragraph>
        A Tablekeep account{p.name ? ` in the name of ${p.name}` : ""} was just created with this email address.
      </Paragraph>
      <Paragraph>
        <strong>Confirm only if you created it yourself.</strong> Confirming proves this address belongs to the account
        and keeps the password that was chosen for it.
      </Paragraph>
      <ManageButton url={p.confirmUrl}>Yes, I created this account</ManageButton>
      <FinePrint>
        If you did not create it, do not confirm; just ignore this email. Someone else typed your address, and that
        account cannot invite or join restaurant teams. If you ever sign in with a link emailed to this address, the
        account becomes yours: its password is removed and anyone signed in to it is signed out.
      </FinePrint>
    </EmailLayout>
  );
}
