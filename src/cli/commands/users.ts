import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "../../auth/passwords";
import { createUser } from "../../auth/users";
import { closeDatabase, getDatabase, schema } from "../../db";

const argsSchema = z.object({
  email: z.string().trim().min(1, "--email is required"),
  name: z.string().trim().min(1, "--name is required"),
  role: z.enum(schema.userRoleEnum.enumValues, {
    error: () =>
      `--role must be one of ${schema.userRoleEnum.enumValues.join(", ")}`,
  }),
  site: z.string().trim().min(1, "--site is required"),
});

/** The password from REELWRIGHT_PASSWORD, else asked for on the terminal (not echoed). */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.REELWRIGHT_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw new Error(
      "Set REELWRIGHT_PASSWORD, or run in a terminal to be asked for the password",
    );
  const rl = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: true,
  });
  // Hide what is typed: write nothing back but the prompt.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) {
      process.stderr.write(s);
      prompted = true;
    }
  };
  try {
    const password = await rl.question(
      `Password (at least ${PASSWORD_MIN_LENGTH} characters): `,
    );
    process.stderr.write("\n");
    return password;
  } finally {
    rl.close();
  }
}

/** `reelwright users add --email --name --role --site <slug>`: a team member of a site. */
export function registerUsersCommand(program: Command) {
  const users = program
    .command("users")
    .description("Team accounts that sign in to the review app");

  users
    .command("add")
    .description(
      "Add a team member (password from REELWRIGHT_PASSWORD, or asked for)",
    )
    .requiredOption("--email <email>", "their email, used to sign in")
    .requiredOption("--name <name>", "their name as shown in the app")
    .requiredOption("--role <role>", "admin, marketer or designer")
    .requiredOption(
      "--site <slug>",
      "the site's slug (see `reelwright sites list`)",
    )
    .action(async (raw: Record<string, string>) => {
      const parsed = argsSchema.safeParse(raw);
      if (!parsed.success) throw new Error(parsed.error.issues[0].message);
      const args = parsed.data;
      try {
        const { db } = await getDatabase();
        const [site] = await db
          .select()
          .from(schema.sites)
          .where(eq(schema.sites.slug, args.site));
        if (!site)
          throw new Error(
            `No site with the slug "${args.site}" (see \`reelwright sites list\`)`,
          );
        const password = await readPassword();
        const user = await createUser(db, {
          siteId: site.id,
          email: args.email,
          name: args.name,
          role: args.role,
          password,
        });
        process.stdout.write(
          `Added ${user.role} ${user.name} <${user.email}> to ${site.slug}\n`,
        );
      } finally {
        await closeDatabase();
      }
    });
}
