"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { settleDevCheckout } from "@/lib/payments/dev-checkout";

const input = z.object({ paymentId: z.uuid(), choice: z.enum(["pay", "decline"]) });

/** The development checkout's two buttons; the service refuses outside development. */
export const settleDevCheckoutAction = action(input, async ({ paymentId, choice }, { db }) => settleDevCheckout(db, paymentId, choice));
