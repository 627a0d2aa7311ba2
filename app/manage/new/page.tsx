import type { Metadata } from "next";
import { OnboardingForm } from "@/components/owner/onboarding-form";
import { SETUP_STEPS } from "@/lib/restaurants/contract";
import { timeZoneNames } from "../time-zones";
import { requireSignedIn } from "../workspace";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Create a restaurant" };


export default async function NewRestaurantPage() {
  await requireSignedIn("/manage/new");
  return (
    <div className="owner-narrow stack">
      <div>
        <p className="eyebrow">Step 1 of {SETUP_STEPS.length}</p>
        <h1>{SETUP_STEPS[0]}</h1>
        <p className="muted">
          It starts as a draft that only your team can see. Next you add tables and service times, review the booking
          policy, and publish.
        </p>
      </div>
      <Card>
        <OnboardingForm timeZones={timeZoneNames()} />
      </Card>
    </div>
  );
}
