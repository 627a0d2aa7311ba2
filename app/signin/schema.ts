import "@/lib/contract/zod-config";
import { z } from "zod";

/**
 * Account forms' schemas, shared by the browser forms and the server actions. The password length
 * mirrors MIN_PASSWORD_LENGTH in lib/auth/password.ts (not imported: that module loads Argon2, which
 * must never reach the browser); registerUser checks it again on the server.
 */
export const MIN_PASSWORD_LENGTH = 10;

const email = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "At most 254 characters.")
  .pipe(z.email("Enter an email address like name@example.com."));

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200, "At most 200 characters."),
  next: z.string().max(500).optional(),
});

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters."),
  email,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "At most 200 characters."),
  next: z.string().max(500).optional(),
});

export const magicLinkSchema = z.object({
  email,
  next: z.string().max(500).optional(),
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(1000),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(200, "At most 200 characters."),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords are not the same." });

export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
export type SignInInput = z.input<typeof signInSchema>;
export type SignUpInput = z.input<typeof signUpSchema>;
export type MagicLinkInput = z.input<typeof magicLinkSchema>;
