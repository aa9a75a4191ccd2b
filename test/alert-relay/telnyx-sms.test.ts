import { telnyxSmsRequest } from '../../functions/alert-relay/render/telnyx-sms';
import { criticalAlert, messageOf } from './fixtures';

describe('telnyxSmsRequest', () => {
  it("POSTs /messages with the API key as bearer and the alert's SMS text to one number", () => {
    // Act
    const request = telnyxSmsRequest('https://api.telnyx.com/v2/', 'KEY-sms-0001', { from: '+15555550100' }, '+15555550123', messageOf(criticalAlert).view.sms);
    // Assess
    expect(request.url).toBe('https://api.telnyx.com/v2/messages');
    expect(request.headers['authorization']).toBe('Bearer KEY-sms-0001');
    expect(JSON.parse(request.body)).toEqual({ from: '+15555550100', to: '+15555550123', text: criticalAlert.message.sms });
  });

  it('sends from a messaging profile when given one instead of a number', () => {
    // Act
    const request = telnyxSmsRequest(
      'https://api.telnyx.com/v2',
      'KEY',
      { messagingProfileId: '4001767e-ce0f-4cae-9d5f-0d5e636e7809' },
      '+15555550123',
      'text',
    );
    // Assess
    expect(JSON.parse(request.body)).toEqual({ messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809', to: '+15555550123', text: 'text' });
  });

  it('takes an item url that names the endpoint itself', () => {
    // Act
    const request = telnyxSmsRequest('http://127.0.0.1:4010/v2/messages', 'KEY', { from: '+15555550100' }, '+15555550123', 'text');
    // Assess
    expect(request.url).toBe('http://127.0.0.1:4010/v2/messages');
  });
});
