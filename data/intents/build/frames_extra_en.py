"""More English reply cores: rambling, angry, non-native and consumer voices."""

NOT_RECEIVED_X = [
    "Good morning,\n\nI have been asked by our MD to look into your reminder. I have been through our purchase ledger, "
    "our shared invoices inbox and the post tray and I cannot find {inv} anywhere. We did receive your invoice for the "
    "previous month, which was paid, but not this one. Would you be so kind as to send a copy to me directly?",
    "Dear Sirs, we kindly ask to receive the invoice mentioned in your reminder because in our system is not present. "
    "Please send to our accounting email. Best regards",
    "Honestly this is the third reminder and NOT ONCE have you sent the actual invoice. Send it and you'll be paid.",
    "hi sorry which invoice? i dont see it in my emails. can you send again",
    "I got a reminder for {amt} but never an invoice. My address is on file, but maybe it went to my old flat? Please email it instead.",
    "Invoice {inv} - our AP system has no trace of it. Could you check the address it was sent to? It should be ap-invoices@ our domain.",
    "We use Coupa and {inv} was not submitted there. Until it is in Coupa we physically cannot pay it. Please submit it or send it to me and I'll load it.",
    "Hello. Please kindly resend the invoice. The previous one we have not received it. Thank you very much.",
    "Are you sure this was sent? We've had no invoice from you since {date}. Please resend anything outstanding.",
    "Can you send the invoice through again? It's not come through to me and Jenny says she hasn't seen it either.",
    "I moved house in the summer and I think your invoice went to the old address. I'd like to pay it - could you email me a copy?",
    "The invoice was sent to {first} who is on long-term leave, so no one here has seen it. Please resend it to accounts.",
    "We do not have this document. Kindly forward invoice {inv} with the delivery note.",
    "This is news to me - there's no invoice in our inbox. Please resend and copy in my colleague {first}.",
    "Missing invoice: {inv}. Please send us a copy so we can match it to our PO.",
    "could u resend the invoice to my personal email? the work one is blocked",
    "Received your reminder but the invoice itself isn't attached and our system can't accept reminders as invoices. Please send the original invoice.",
    "Your email system sends invoices as a link that expired. Please attach the PDF so we have it on file.",
    "I can see from the reminder that there's an invoice dated {date} but it never landed with us. Please re-send.",
    "We have not received the invoice yet. Kindly send it to us so we can proceed.",
    "Not sure what this is about - we haven't received any invoice {inv}. Please send it over with the details.",
    "The invoice should have gone to our Dublin office, not London. London never received it. Can you resend it to Dublin?",
]

SCHEDULED_X = [
    "Hi {vfirst},\n\nSorry this has dragged on. We changed accounting software last month and a few supplier payments "
    "got stuck in the migration, yours included. It's now been approved and I've put it in the run for {date}. "
    "If it hasn't arrived by the following Monday please let me know directly.",
    "Dear Sir, the payment is being prepared and will be effected on {date}. Kind regards",
    "Yes yes, we will pay! It's going Friday. No need to keep emailing.",
    "The money will be with you early next week, I'm just waiting for a client to pay me first - but it will be paid by {date} regardless.",
    "Your invoice will be paid on {date} as per our standard terms. We'll send a remittance when it is released.",
    "Just spoke to our treasurer: {inv} is queued and will leave our account on {date}.",
    "I'll do the transfer in the morning.",
    "Ok, I'll pay it at the weekend.",
    "Payment will be done before {date}. Sorry for inconvenience.",
    "We've scheduled payment via our bank (value date {date}). Amount {amt}.",
    "It's been approved by the board this morning. Payment goes out tomorrow.",
    "Payment of {inv} has been placed on our next cheque run, which is printed on {wd}s.",
    "I am going to pay this on payday, which is the {dom}.",
    "Sure, I'll sort it out by {date}.",
    "Will pay end of month as agreed with {vfirst} on the phone.",
    "We're processing it now - you should receive the funds within 48 hours.",
    "Thanks for the nudge. It's booked in for {date}.",
    "hi, ill pay it this week sorry forgot",
    "Payment for this invoice is planned for calendar week {kw}.",
    "It's in the queue for our {wd} payment run. You'll have it by the end of the week.",
    "The invoice has been matched to the PO and approved. It will be paid on the due date of {date}.",
]

CANNOT_PAY_X = [
    "Hello,\n\nI'm writing because I'm embarrassed to say we can't pay this on time. We lost our biggest contract in {date} "
    "and we're still recovering. I would like to propose paying {amt} per month starting next month. "
    "I really hope this is acceptable; you have always been a good supplier to us.",
    "Sorry, we are not able to pay now. Our situation is very difficult. We ask you to give us some more time, please.",
    "I am a pensioner and cannot pay {amt} all at once. Please can we arrange smaller payments.",
    "We won't be able to make this payment before {date} due to a delay in our own receivables. Can you accept that?",
    "I want to be upfront: we don't have the money for {inv} this month. Could we agree to pay it in two halves?",
    "Our company is under a temporary payment freeze while we refinance. We'll need an extension of about 45 days.",
    "Could we please come to some arrangement? I can manage {amt} a fortnight.",
    "This is a lot of money for a small business like mine. Is it possible to pay it off over a few months?",
    "The bank declined our overdraft extension so we're in a bind. Please allow us extra time on {inv}.",
    "We are going through a difficult time financially due to the loss of our main client. We kindly request a payment plan.",
    "Can I pay some now and the rest later? I can't do the full amount.",
    "I can't pay until my benefits come through, which could be a few weeks. Please don't add charges.",
    "Can you hold off until next quarter? We're cash-strapped after the expansion.",
    "Our revenue has dropped a lot since the roadworks closed our street. We need to ask for instalments on the outstanding balance.",
    "not possible to pay now, sorry. need 2 more months",
    "We're awaiting an insurance payout after the fire and can't pay any suppliers until it arrives. Please be patient with us.",
    "Is there any way we could pay {inv} over 12 months? We're a non-profit and our budget is exhausted this year.",
    "We need to delay payment. Our customer is 90 days late paying us and it's killing our cash flow.",
    "My business closed in {date}; I'm trying to settle what I owe but I need time. Can we agree on a small monthly amount?",
    "Please can you give me an extra week or two? Money's really tight after the holidays.",
    "We are restructuring our debt with the bank. We will propose a repayment schedule to all creditors, you included, next month.",
]

ALREADY_PAID_X = [
    "Hi {vfirst},\n\nI'm a bit puzzled by this reminder. I have in front of me our bank statement showing a payment of {amt} "
    "to your company on {date}, reference {inv}. I've attached a screenshot. Could you please check whether it has been "
    "allocated to the wrong account? It may have been matched to another customer with a similar name.",
    "Dear Sir, this invoice is already paid from our side on {date}. Please to check. Regards",
    "For goodness' sake, we PAID this a month ago. Check your bank account before sending threatening letters.",
    "Payment was made yesterday, it might take a day or two to show.",
    "paid on {date} ref {ref}",
    "Already settled through our factoring company on {date}. They'll have sent a remittance.",
    "The invoice was included in our bulk payment of {amt} on {date}. Breakdown attached.",
    "I paid by card when I collected the goods.",
    "We paid this through your online portal. Confirmation number {ref}.",
    "Funds were wired on {date}. Our bank says they were credited on your side the next day.",
    "Hi, this is paid - you can see it on the statement I sent last week.",
    "Settled by offset against your credit note {inv2}, as agreed with {vfirst}.",
    "Our remittance for {inv} was emailed on {date}. The payment itself went out the same day.",
    "i payed it already on the app",
    "We have paid this. Please check if your bank details changed - we used the IBAN printed on the invoice.",
    "The balance was cleared on {date}. We should now be at zero with you.",
    "Can you check your records? We settled everything on account {n} last Friday.",
    "Paid via GoCardless on {date}.",
    "I'm sure we paid this - my accounts show it as cleared on {date}. Can you confirm you have it?",
    "We made payment on {date}, please find proof attached and update your records.",
    "Payment of this invoice was processed on {date} under payment run {ref}.",
]

DISPUTE_X = [
    "Hello,\n\nBefore we can pay {inv} there are a few problems. First, the unit price is higher than the one in our "
    "framework agreement. Second, you've charged delivery although the order was above the free-delivery threshold. "
    "Third, two items were returned on {date} and are still on the invoice. Please issue a corrected invoice.",
    "We refuse to pay this. Your engineer damaged our equipment and we are still waiting for compensation.",
    "This invoice is not correct, the quantity is double. Please check and send new invoice.",
    "You have billed us for the whole year but we cancelled after 3 months. Please correct.",
    "Absolutely not paying this. You were told the order was cancelled.",
    "The invoice doesn't reflect the agreed rebate of {amt}.",
    "We've received the invoice but it's addressed to the wrong legal entity, so our auditors won't accept it. Please reissue to {co}.",
    "The items on {inv} don't match what we received. We're missing 3 boxes.",
    "Hi, the amount seems too high - I was quoted {amt}. Can you check and correct?",
    "We were charged for the express delivery which we never requested.",
    "This is the same charge as last month's invoice {inv2}. You've billed us twice.",
    "There's a mistake on the invoice: the VAT number of our company is wrong, so we can't process it.",
    "The software licence in this invoice was never activated. We want a credit note.",
    "The meals for the event were cold and half the order was missing. We're not paying the full amount.",
    "We have a signed contract that says {amt} flat fee. The invoice is {amt2}. Please fix.",
    "Invoice {inv} shows 40 hours; our timesheets show 28. We'll only pay for 28.",
    "The credit note for the cancelled order still hasn't arrived, so your reminder is wrong.",
    "wrong amount on this one, check ur quote",
    "We received a product different from what we ordered. We want to return it and have the invoice cancelled.",
    "The rent review wasn't agreed, so the new rent on this invoice is disputed.",
    "Your invoice charges interest that isn't in our terms. We'll pay the principal only once you correct it.",
]

OTHER_X = [
    "Can you tell me your company registration number? Our procurement system needs it.",
    "Please find attached our new supplier code of conduct, which must be signed by all suppliers by {date}.",
    "Our company has been acquired by {co}. Please note the new invoicing address from {date}.",
    "Could you send us your bank details on letterhead and a cancelled cheque? It's for vendor setup.",
    "Hello, we're organising our year-end audit. Could you confirm the balance on our account as of 31 December?",
    "Hi, I'm trying to reach your sales team about a new order, but I can only find this address. Can you forward?",
    "Can you please send the invoices as PDF rather than embedded in the email body?",
    "Please confirm receipt of this email.",
    "Thanks - I've updated our contact list.",
    "Not me, try accounts.",
    "We have a new address as of {date}: Unit 4, Riverside Park. Please update your records.",
    "Is your office open on {wd}? I'd like to drop off some documents.",
    "Please send a W-8BEN-E instead of the W-9; we are not a US company.",
    "Could you provide a tax residency certificate for our records?",
    "We would appreciate if future reminders could be sent to our general mailbox.",
    "thanks",
    "Thank you very much, have a good day.",
    "Noted, thanks {vfirst}.",
    "Hi - can you add our PO number to future invoices? We're getting stricter about it.",
    "Could you let me know the name of the person who signed for the delivery?",
    "We'd like to set up a direct debit for future invoices. What do you need from us?",
    "Our new accounts email is accounts@ our domain. Please use it from now on.",
]

SCHEDULED_INTL_X = {
    "de": ["Die Zahlung wird in KW {kw} erfolgen.", "Wir haben die Überweisung zum {date} vorgemerkt.",
           "Die Rechnung ist geprüft und geht mit dem Zahllauf am {wd} raus."],
    "fr": ["Le règlement interviendra à échéance, soit le {date}.", "Paiement prévu fin de mois par virement."],
    "es": ["La transferencia se hará el {date}.", "Está aprobada y la pagamos la semana que viene."],
}
