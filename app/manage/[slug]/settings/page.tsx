import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { NotAllowed } from "@/components/owner/not-allowed";
import { MoneyPolicyForm } from "@/components/owner/money-policy-form";
import { PolicyForm, ProfileForm, PublishControl } from "@/components/owner/settings-forms";
import { FacesForm } from "@/components/owner/faces-form";
import { PhotosEditor } from "@/components/owner/photos-editor";
import { listRestaurantPhotos } from "@/lib/restaurants/photos";
import { ShareLink } from "@/components/owner/share-link";
import { EmbedSnippet } from "@/components/owner/embed-snippet";
import { appUrl } from "@/lib/env";
import { getSetupChecklist } from "@/lib/restaurants/publish";
import { policyOf } from "@/lib/restaurants/restaurants";
import { timeZoneNames } from "../../time-zones";
import { loadWorkspace } from "../../workspace";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "restaurant.update", `/manage/${slug}/settings`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  const [checklist, photos] = await Promise.all([getSetupChecklist(getDb(), ws.principal, r.id), listRestaurantPhotos(getDb(), r.id)]);
  return (
    <div className="stack">
      <h1>Settings</h1>
      <Card as="section" aria-labelledby="publish-heading">
        <h2 id="publish-heading">Publishing</h2>
        <PublishControl restaurantId={r.id} published={r.published} missing={checklist.missing} />
      </Card>
      <Card as="section" aria-labelledby="share-heading">
        <h2 id="share-heading">Share your booking page</h2>
        {r.published ? (
          <ShareLink url={`${appUrl()}/r/${r.slug}`} />
        ) : (
          <p className="muted">Once published, the page diners book on is {`${appUrl()}/r/${r.slug}`}; its link to share appears here.</p>
        )}
      </Card>
      <Card as="section" aria-labelledby="embed-heading">
        <h2 id="embed-heading">Booking on your website</h2>
        {r.published ? (
          <EmbedSnippet siteUrl={appUrl()} slug={r.slug} restaurantName={r.name} />
        ) : (
          <p className="muted">Once published, the code to put a booking box on your own website appears here.</p>
        )}
      </Card>
      <Card>
        <PolicyForm restaurantId={r.id} p={policyOf(r)} />
      </Card>
      <Card>
        <MoneyPolicyForm
          restaurantId={r.id}
          policy={{
            currency: r.currency,
            depositCents: r.depositCents,
            depositMinPartySize: r.depositMinPartySize,
            noShowFeeCents: r.noShowFeeCents,
            cancellationCutoffMinutes: r.cancellationCutoffMinutes,
          }}
        />
      </Card>
      <Card>
        <ProfileForm
          timeZones={timeZoneNames()}
          r={{
            id: r.id,
            name: r.name,
            slug: r.slug,
            timezone: r.timezone,
            cuisine: r.cuisine,
            city: r.city,
            address: r.address,
            description: r.description,
            priceBand: r.priceBand,
          }}
        />
      </Card>
      <Card>
        <FacesForm
          r={{ id: r.id, phone: r.phone, website: r.website, menuUrl: r.menuUrl, latitude: r.latitude, longitude: r.longitude }}
        />
      </Card>
      <Card>
        <PhotosEditor restaurantId={r.id} photos={photos} />
      </Card>
    </div>
  );
}
