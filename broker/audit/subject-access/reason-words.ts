import type { ReasonCode } from '../../../policies/vocabulary/reason-codes.ts';

/**
 * Each reason code in words a person can read, Dutch and English, for the legend under
 * the report's table. Typed over every code, so a new code cannot go unexplained.
 */
export const REASON_WORDS: Readonly<Record<ReasonCode, string>> = {
  INPUT_INVALID: 'het verzoek was onvolledig of onjuist / the request was incomplete or invalid',
  NETWORK_UNKNOWN: 'onbekend netwerk / unknown network',
  COVENANT_NOT_IN_FORCE: 'het convenant was niet van kracht / the covenant was not in force',
  PARTNER_NOT_SIGNATORY:
    'de organisatie had het convenant niet ondertekend / the organisation had not signed the covenant',
  PURPOSE_UNKNOWN: 'het doel staat niet in het convenant / the purpose is not in the covenant',
  PURPOSE_PHASE_MISMATCH:
    'het doel past niet bij de fase van de casus / the purpose does not fit the phase of the case',
  PURPOSE_DOMAIN_NOT_PERMITTED:
    'dit hergebruik is niet voor het werkveld van de ontvanger / this reuse is not for the field of work of the recipient',
  NOT_CASE_PARTICIPANT:
    'de organisatie nam niet deel aan de casus / the organisation did not take part in the case',
  ASKING_OBJECTED:
    'u maakte bezwaar tegen die organisatie, dus is haar niets over u gevraagd / you objected to that organisation, so it was not asked about you',
  ASKING_GROUND_MISSING:
    'geen toestemming om die organisatie naar u te vragen / no consent to ask that organisation about you',
  ROLE_NOT_PERMITTED:
    'de rol van de medewerker was niet toegestaan / the role of the employee was not permitted',
  RETENTION_EXPIRED: 'de bewaartermijn was verstreken / the retention period had ended',
  PROVIDER_DOMAIN_NOT_PERMITTED:
    'de verstrekker beheert deze gegevens niet zelf; doorgeven is hergebruik / the provider does not hold this data itself; passing it on is reuse',
  SHADOW_REVIEW_DUE:
    'de casus stond op de schaduwlijst en had al herbesproken moeten worden / the case was on the shadow list and its review was due',
  CATEGORY_UNKNOWN: 'onbekende soort gegevens / unknown kind of data',
  CATEGORY_DISPROPORTIONATE: 'niet nodig voor dit doel / not necessary for this purpose',
  DOMAIN_NOT_PERMITTED:
    'niet toegestaan voor het werkveld van de ontvanger / not permitted for the field of work of the recipient',
  SPECIAL_CATEGORY_NO_BASIS:
    'geen grondslag voor bijzondere gegevens / no legal basis for special categories of data',
  PERSONAL_DATA_WITHOUT_PERSON:
    'persoonsgegevens in een bericht over de casus als geheel / personal data in an update about the case as a whole',
  CONSENT_MISSING: 'geen toestemming / no consent',
  CONSENT_WITHDRAWN: 'toestemming ingetrokken / consent withdrawn',
  CONSENT_GIVEN_UNDER_AGE:
    'u gaf zelf toestemming, maar onder de 16 geeft uw wettelijk vertegenwoordiger die / you consented yourself, but under 16 your legal representative gives consent',
  CONSENT_OBJECTED: 'u maakte bezwaar / you objected',
  EXCEPTION_EXPIRED:
    'de uitzondering op toestemming was verlopen / the exception to consent had expired',
  EXCEPTION_REVOKED:
    'de uitzondering op toestemming was ingetrokken / the exception to consent had been revoked',
  EXCEPTION_REASON_CANNOT_OVERRIDE:
    'u maakte bezwaar, en de reden van de uitzondering weegt daar niet zwaarder dan / you objected, and the reason of the exception does not outweigh that',
  EXCEPTION_SUSPENDED_BY_OBJECTION:
    'uw bezwaar na de uitzondering schortte die op / your objection after the exception suspended it',
  EXCEPTION_SELF_APPROVED:
    'de uitzondering was goedgekeurd door de ontvanger zelf / the exception had been approved by the recipient itself',
  EXCEPTION_TERM_TOO_LONG:
    'de uitzondering gold langer dan het convenant toestaat / the exception ran longer than the covenant allows',
  EXCEPTION_PROVIDER_REFUSED:
    'de verstrekker van uw gezondheids- of strafrechtelijke gegevens weigerde de uitzondering / the provider of your health or criminal data refused the exception',
  EXCEPTION_PROVIDER_APPROVAL_MISSING:
    'de verstrekker van uw gezondheids- of strafrechtelijke gegevens had de uitzondering niet goedgekeurd / the provider of your health or criminal data had not approved the exception',
  FORMAL_REQUEST_REQUIRED:
    'hergebruik vraagt eerst een goedgekeurd formeel verzoek / reuse needs an approved formal request first',
  FORMAL_REQUEST_EXPIRED:
    'de goedkeuring van het formele verzoek was verlopen / the approval of the formal request had expired',
  FORMAL_REQUEST_REFUSED:
    'de verstrekker had het formele verzoek geweigerd / the provider had refused the formal request',
  POLICY_UNAVAILABLE:
    'de regels konden niet worden toegepast, dus niets gedeeld / the rules could not be applied, so nothing was shared',
  POLICY_EVALUATION_FAILED:
    'de regels konden niet worden toegepast, dus niets gedeeld / the rules could not be applied, so nothing was shared',
  POLICY_RESULT_INVALID:
    'de regels konden niet worden toegepast, dus niets gedeeld / the rules could not be applied, so nothing was shared',
  ADAPTER_UNAVAILABLE:
    'het systeem van de verstrekker antwoordde niet / the system of the provider did not answer',
  ADAPTER_REJECTED:
    'het systeem van de ontvanger weigerde het bericht / the system of the recipient refused the message',
  AUDIT_WRITE_FAILED:
    'kon niet worden vastgelegd, dus niets gedeeld / could not be recorded, so nothing was shared',
  NO_PERMITTED_FIELDS:
    'geen van de gegevens mocht naar de ontvanger / none of the data could go to the recipient',
  RECIPIENT_HAS_NO_ADAPTER:
    'de ontvanger kon het bericht niet ontvangen / the recipient could not receive the message',
  CASE_DATA_GONE: 'de casus was inmiddels verwijderd / the case had been deleted in the meantime',
  DECISION_CHANGED: 'bij aflevering niet meer toegestaan / no longer permitted at delivery',
  EXCHANGE_FAILED: 'een fout, niets gedeeld / an error, nothing was shared',
};
