// Renders a route's component inside Remix's test router (createRemixStub), with the app's real
// translations, so a route-component test reads what a person reads. The loader and action are
// stand-ins the test writes; the component, its forms and fetchers are the real ones.
import { createRemixStub } from "@remix-run/testing";
import { render } from "@testing-library/react";
import { createInstance, type i18n as I18n } from "i18next";
import type { ComponentProps } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import type { Language } from "~/i18n/config";
import { i18nOptions } from "~/i18n/resources.server";

type Routes = Parameters<typeof createRemixStub>[0];

export async function translations(language: Language = "sv"): Promise<I18n> {
  const instance = createInstance();
  await instance.use(initReactI18next).init({ ...i18nOptions, lng: language });
  return instance;
}

/** Renders `routes` at `url` in `language`; returns Testing Library's queries. */
export async function renderRoute(
  routes: Routes,
  url: string,
  { language = "sv" as Language, props = {} as Partial<ComponentProps<ReturnType<typeof createRemixStub>>> } = {},
) {
  const Stub = createRemixStub(routes);
  const i18n = await translations(language);
  return render(
    <I18nextProvider i18n={i18n}>
      <Stub initialEntries={[url]} {...props} />
    </I18nextProvider>,
  );
}
