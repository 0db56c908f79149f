// Loads the development sample data (idempotent). Never in production.
import { closeDatabase } from "~/utils/db.server";
import { seed } from "~/utils/seed.server";

seed()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
